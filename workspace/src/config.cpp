#include "accord/workspace/config.hpp"

#include "accord/workspace/strings.hpp"
#include "accord/workspace/validation.hpp"
#include "xml_util.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>


namespace accord::workspace {

std::string Organisation::name(std::string_view lang) const
{
    const LangText* t = pickLang(names, lang, "en");
    return t ? t->text : id;
}

const Organisation* WorkspaceConfig::findOrganisation(std::string_view id) const
{
    for (const auto& o : organisations)
        if (o.id == id) return &o;
    return nullptr;
}

const Organisation* WorkspaceConfig::findRecipient(std::string_view id) const
{
    for (const auto& r : recipients)
        if (r.id == id) return &r;
    return nullptr;
}

std::string WorkspaceConfig::addresseeName(std::string_view addressee, std::string_view lang) const
{
    const Organisation* r = findRecipient(addressee);
    return r ? r->name(lang) : std::string(addressee);
}

std::vector<std::string> WorkspaceConfig::addresseeNames(const std::vector<std::string>& addressees,
                                                         std::string_view lang) const
{
    std::vector<std::string> names;
    for (const auto& a : addressees) names.push_back(addresseeName(a, lang));
    return names;
}

std::vector<std::string> WorkspaceConfig::organisationIds() const
{
    std::vector<std::string> ids;
    for (const auto& o : organisations) ids.push_back(o.id);
    return ids;
}

bool User::hasRole(std::string_view role) const
{
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Signer::signsFor(std::string_view user) const
{
    return users.empty() || std::find(users.begin(), users.end(), user) != users.end();
}

const User* WorkspaceConfig::findUser(std::string_view id) const
{
    for (const auto& u : users)
        if (u.id == id) return &u;
    return nullptr;
}

const User* WorkspaceConfig::findUserByEmail(std::string_view email) const
{
    for (const auto& u : users)
        if (!email.empty() && u.email == email) return &u;
    return nullptr;
}

const Policy* WorkspaceConfig::policyFor(std::string_view branch) const
{
    for (const auto& p : policies)
        if (p.branch == branch) return &p;
    return nullptr;
}

Policy defaultMainPolicy()
{
    return Policy{"main", 1, true, false, {"admin"}, true};
}

namespace {

/// Merges one list of the configuration by identity: our order, then theirs' new entries.
template <class T, class Key>
std::vector<T> mergeById(const std::vector<T>* base, const std::vector<T>& ours, const std::vector<T>& theirs, Key key,
                         const char* what, std::vector<std::string>& conflicts)
{
    auto find = [&](const std::vector<T>* list, const std::string& id) -> const T* {
        if (list)
            for (const auto& x : *list)
                if (key(x) == id) return &x;
        return nullptr;
    };
    std::vector<std::string> ids;
    for (const auto* list : {&ours, &theirs})
        for (const auto& x : *list)
            if (std::find(ids.begin(), ids.end(), key(x)) == ids.end()) ids.push_back(key(x));
    auto same = [](const T* x, const T* y) { return x == y || (x && y && *x == *y); };
    std::vector<T> merged;
    for (const auto& id : ids) {
        const T* b = find(base, id);
        const T* o = find(&ours, id);
        const T* t = find(&theirs, id);
        const T* take = same(o, t) ? o : same(o, b) ? t : same(t, b) ? o : nullptr;
        if (!take && !same(o, t)) {
            conflicts.push_back(std::string(what) + " " + id + " was changed differently on both sides" +
                                (!o || !t ? " (deleted on one)" : ""));
            take = o ? o : t;
        }
        if (take) merged.push_back(*take);
    }
    return merged;
}

} // namespace

ConfigMerge mergeConfigs(const WorkspaceConfig* base, const WorkspaceConfig& ours, const WorkspaceConfig& theirs)
{
    ConfigMerge m;
    m.merged.organisations = mergeById(base ? &base->organisations : nullptr, ours.organisations, theirs.organisations,
                                       [](const Organisation& o) { return o.id; }, "organisation", m.conflicts);
    m.merged.recipients = mergeById(base ? &base->recipients : nullptr, ours.recipients, theirs.recipients,
                                    [](const Organisation& o) { return o.id; }, "recipient", m.conflicts);
    m.merged.users = mergeById(base ? &base->users : nullptr, ours.users, theirs.users,
                               [](const User& u) { return u.id; }, "user", m.conflicts);
    m.merged.signers = mergeById(base ? &base->signers : nullptr, ours.signers, theirs.signers,
                                 [](const Signer& g) { return g.id; }, "signer", m.conflicts);
    m.merged.policies = mergeById(base ? &base->policies : nullptr, ours.policies, theirs.policies,
                                  [](const Policy& p) { return p.branch; }, "the policy of", m.conflicts);
    // The list of languages as a whole: a side that changed it wins; both, differently, is a conflict.
    const auto& baseLanguages = base ? base->languages : WorkspaceConfig{}.languages;
    m.merged.languages = ours.languages == baseLanguages ? theirs.languages : ours.languages;
    if (ours.languages != baseLanguages && theirs.languages != baseLanguages && ours.languages != theirs.languages)
        m.conflicts.push_back("the workspace's languages");
    return m;
}

WorkspaceConfig parseConfig(std::string_view xml, std::string_view file)
{
    if (auto problems = validateConfig(xml, file); !problems.empty()) throw ValidationError(std::move(problems));
    pugi::xml_document doc;
    doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
    detail::LineIndex lines(xml);
    auto lineOf = [&](pugi::xml_node n) { return lines.lineOf(static_cast<std::size_t>(n.offset_debug())); };

    WorkspaceConfig config;
    if (auto languages = doc.document_element().attribute("languages")) {
        config.languages.clear();
        std::istringstream codes(languages.value());
        for (std::string code; codes >> code;) config.languages.push_back(code);
    }
    // Organisations and recipients: an id, a kind, and a name per language.
    auto directory = [&](const char* list, const char* item, std::vector<Organisation>& into) {
        for (auto entries : doc.document_element().children()) {
            if (detail::localName(entries) != list) continue;
            for (auto o : entries.children()) {
                if (detail::localName(o) != item) continue;
                Organisation org{o.attribute("id").value(), o.attribute("kind").value(), {}, lineOf(o)};
                for (auto n : o.children())
                    if (detail::localName(n) == "name")
                        org.names.push_back(LangText{n.attribute("xml:lang").value(),
                                                     detail::collapseSpace(n.text().get()), lineOf(n)});
                into.push_back(std::move(org));
            }
        }
    };
    directory("organisations", "organisation", config.organisations);
    directory("recipients", "recipient", config.recipients);
    for (auto users : doc.document_element().children()) {
        if (detail::localName(users) != "users") continue;
        for (auto u : users.children()) {
            if (detail::localName(u) != "user") continue;
            User user{u.attribute("id").value(), detail::collapseSpace(u.child_value("name")),
                      detail::collapseSpace(u.child_value("email")), u.attribute("org").value(), {}, {}};
            std::istringstream roles(u.attribute("roles").value());
            for (std::string r; roles >> r;) user.roles.push_back(r);
            for (auto k : u.children())
                if (detail::localName(k) == "key") user.keys.push_back(detail::collapseSpace(k.text().get()));
            config.users.push_back(std::move(user));
        }
    }
    for (auto signers : doc.document_element().children()) {
        if (detail::localName(signers) != "signers") continue;
        for (auto g : signers.children()) {
            if (detail::localName(g) != "signer") continue;
            Signer signer{g.attribute("id").value(), detail::collapseSpace(g.child_value("key")), {}};
            std::istringstream users(g.attribute("for").as_string(""));
            for (std::string u; users >> u;) signer.users.push_back(u);
            config.signers.push_back(std::move(signer));
        }
    }
    for (auto policies : doc.document_element().children()) {
        if (detail::localName(policies) != "policies") continue;
        for (auto p : policies.children()) {
            if (detail::localName(p) != "policy") continue;
            Policy policy{p.attribute("branch").value(), p.attribute("min-approvals").as_int(1),
                          std::string(p.attribute("endorsing-organisations").as_string("required")) == "required",
                          std::string(p.attribute("self-approval").as_string("forbidden")) == "allowed",
                          {},
                          std::string(p.attribute("signatures").as_string("optional")) == "required"};
            std::istringstream roles(p.attribute("land-by").as_string("admin"));
            for (std::string r; roles >> r;) policy.landBy.push_back(r);
            config.policies.push_back(std::move(policy));
        }
    }
    return config;
}

std::string serialize(const WorkspaceConfig& config)
{
    pugi::xml_document doc;
    auto root = doc.append_child("workspace");
    root.append_attribute("xmlns") = "urn:accord:workspace:1";
    root.append_attribute("version") = "1";
    if (config.languages != WorkspaceConfig{}.languages)
        root.append_attribute("languages") = join(config.languages, " ").c_str();
    auto directory = [&](pugi::xml_node list, const char* item, const std::vector<Organisation>& entries) {
        for (const auto& o : entries) {
            auto e = list.append_child(item);
            e.append_attribute("id") = o.id.c_str();
            if (!o.kind.empty()) e.append_attribute("kind") = o.kind.c_str();
            for (const auto& n : o.names) {
                auto name = e.append_child("name");
                name.append_attribute("xml:lang") = n.lang.c_str();
                name.text().set(n.text.c_str());
            }
        }
    };
    directory(root.append_child("organisations"), "organisation", config.organisations);
    if (!config.recipients.empty()) directory(root.append_child("recipients"), "recipient", config.recipients);
    if (!config.users.empty()) {
        auto users = root.append_child("users");
        for (const auto& u : config.users) {
            auto e = users.append_child("user");
            e.append_attribute("id") = u.id.c_str();
            e.append_attribute("org") = u.org.c_str();
            std::string roles;
            for (const auto& r : u.roles) roles += (roles.empty() ? "" : " ") + r;
            e.append_attribute("roles") = roles.c_str();
            e.append_child("name").text().set(u.name.c_str());
            e.append_child("email").text().set(u.email.c_str());
            for (const auto& k : u.keys) e.append_child("key").text().set(k.c_str());
        }
    }
    if (!config.signers.empty()) {
        auto signers = root.append_child("signers");
        for (const auto& g : config.signers) {
            auto e = signers.append_child("signer");
            e.append_attribute("id") = g.id.c_str();
            if (!g.users.empty()) e.append_attribute("for") = join(g.users, " ").c_str();
            e.append_child("key").text().set(g.key.c_str());
        }
    }
    if (!config.policies.empty()) {
        auto policies = root.append_child("policies");
        for (const auto& p : config.policies) {
            auto e = policies.append_child("policy");
            e.append_attribute("branch") = p.branch.c_str();
            e.append_attribute("min-approvals") = p.minApprovals;
            e.append_attribute("endorsing-organisations") = p.endorsingOrganisations ? "required" : "optional";
            e.append_attribute("self-approval") = p.selfApproval ? "allowed" : "forbidden";
            if (p.landBy != std::vector<std::string>{"admin"}) e.append_attribute("land-by") = join(p.landBy, " ").c_str();
            if (p.signatures) e.append_attribute("signatures") = "required";
        }
    }
    std::string bytes = detail::saveCanonical(doc);
    if (auto problems = validateConfig(bytes, "accord.xml"); !problems.empty()) throw ValidationError(std::move(problems));
    return bytes;
}

namespace {

bool plainId(std::string_view id)
{
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return id.front() != '-';
}

} // namespace

namespace {

/// Adds an organisation or a recipient to `list`: a plain id not yet taken, an English name.
void addEntry(std::vector<Organisation>& list, Organisation org, const std::string& what)
{
    if (!plainId(org.id))
        throw Error(ErrorKind::Invalid, "\"" + org.id + "\" is not a valid " + what + " id: use 1–64 lower-case letters, "
                                                         "digits and -, starting with a letter or digit");
    const LangText* en = pickLang(org.names, "en");
    if (!en || en->lang != "en" || en->text.find_first_not_of(" \t") == std::string::npos)
        throw Error(ErrorKind::Invalid, "the " + what + "'s name in English is empty");
    if (!org.kind.empty() && !plainId(org.kind))
        throw Error(ErrorKind::Invalid, "the kind \"" + org.kind + "\" must be one lower-case word, e.g. network");
    for (const auto& existing : list)
        if (existing.id == org.id)
            throw Error(ErrorKind::Exists, what + " " + org.id + " already exists (" + existing.name("en") + ")");
    list.push_back(std::move(org));
}

} // namespace

void addOrganisation(WorkspaceConfig& config, Organisation org)
{
    addEntry(config.organisations, std::move(org), "organisation");
}

void addRecipient(WorkspaceConfig& config, Organisation recipient)
{
    addEntry(config.recipients, std::move(recipient), "recipient");
}

void addUser(WorkspaceConfig& config, User user)
{
    if (!plainId(user.id))
        throw Error(ErrorKind::Invalid, "\"" + user.id + "\" is not a valid user id: use 1–64 lower-case letters, digits "
                                                          "and -, starting with a letter or digit");
    if (user.name.find_first_not_of(" \t") == std::string::npos) throw Error(ErrorKind::Invalid, "the user's name is empty");
    if (user.email.find('@') == std::string::npos)
        throw Error(ErrorKind::Invalid, "\"" + user.email + "\" is not an email address");
    if (config.findUser(user.id)) throw Error(ErrorKind::Exists, "user " + user.id + " already exists");
    if (const User* other = config.findUserByEmail(user.email))
        throw Error(ErrorKind::Exists, user.email + " is already the email of user " + other->id);
    if (!config.findOrganisation(user.org)) {
        std::string known;
        for (const auto& id : config.organisationIds()) known += (known.empty() ? "" : ", ") + id;
        throw Error(ErrorKind::NotFound,
                    "no organisation \"" + user.org + "\" (known: " + (known.empty() ? "none; accord org add" : known) + ")");
    }
    if (user.roles.empty()) user.roles = {"drafter"};
    for (const auto& role : user.roles)
        if (role != "drafter" && role != "reviewer" && role != "admin")
            throw Error(ErrorKind::Invalid, "\"" + role + "\" is not a role: drafter, reviewer or admin");
    std::sort(user.roles.begin(), user.roles.end());
    user.roles.erase(std::unique(user.roles.begin(), user.roles.end()), user.roles.end());
    config.users.push_back(std::move(user));
}

} // namespace accord::workspace
