#include "accord/host/cli.hpp"

#include "accord/host/export.hpp"
#include "accord/host/logging.hpp"
#include "accord/host/plugin_manager.hpp"
#include "accord/host/render.hpp"
#include "accord/host/server.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/history.hpp"
#include "accord/workspace/part_edits.hpp"
#include "accord/workspace/rec_text.hpp"
#include "accord/workspace/profile.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/translations.hpp"
#include "accord/workspace/workspace.hpp"

#include <CLI/CLI.hpp>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <termios.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace accord::host {

using namespace accord::workspace;

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char* const kIntro =
    "Accord: coalitions draft recommendations to governments together.\n"
    "A workspace is a git repository of submission documents (documents/*.xml)\n"
    "and the coalition's organisations (accord.xml).";

bool validId(std::string_view id)
{
    static const std::regex pattern("[a-z0-9][a-z0-9-]{0,63}");
    return std::regex_match(id.begin(), id.end(), pattern);
}

/// Text given on the command line that goes into a file: UTF-8, no control characters.
void requireText(const std::string& value, const char* option)
{
    if (invalidUtf8At(value) != std::string::npos)
        throw Error(ErrorKind::Invalid, std::string(option) + " is not valid UTF-8 text: check your terminal's encoding "
                                                              "(locale), or type the text again");
    for (char c : value)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            throw Error(ErrorKind::Invalid, std::string(option) + " holds a control character: write plain text");
}

void requireId(std::string_view id, const char* what)
{
    if (!validId(id))
        throw Error(ErrorKind::Invalid, "\"" + std::string(id) + "\" is not a valid " + what +
                                            " id: use 1–64 lower-case letters, digits and -, starting with a letter or digit");
}

/// Everything a command needs: streams, style, the workspace (opened lazily), the plugins.
class Session final : public plugin::CommandContext {
public:
    Session(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

    workspace::Workspace& workspace() override
    {
        if (!workspace_) {
            workspace_.emplace(Workspace::open(cwdPath));
            // What this person writes is signed when they set up a key; commands that need a
            // signature say so when there is none (or it is not where they said).
            if (auto key = workspace_->signingKey(); key && fs::exists(*key)) workspace_->signWith(key);
        }
        return *workspace_;
    }
    [[nodiscard]] fs::path cwd() const override { return cwdPath; }
    std::ostream& out() override { return out_; }
    std::ostream& err() override { return err_; }
    [[nodiscard]] bool color() const override { return style.color; }
    [[nodiscard]] const plugin::Merger* findMerger(std::string_view id) const override
    {
        return plugins.registries().findMerger(id);
    }
    int exportDocument(const plugin::ExportJob& job) override;
    int runCommand(const std::vector<std::string>& args) override;

    fs::path cwdPath = fs::current_path();
    Style style;
    PluginManager plugins;

private:
    std::ostream& out_;
    std::ostream& err_;
    std::optional<Workspace> workspace_;
};

using Action = std::function<int()>;

/// The document's bytes validated (conflicts included) or refused.
Submission validated(const Workspace& ws, const std::string& bytes, const std::string& path)
{
    Submission parsed;
    if (auto problems = validateSubmission(bytes, path, ws.validationContext(), parsed); !problems.empty())
        throw ValidationError(std::move(problems));
    return parsed;
}

/// The document at `path` as committed at `rev`, validated or refused.
Submission validAt(const Workspace& ws, const std::string& rev, const std::string& path)
{
    const auto bytes = ws.fileAt(rev, path);
    if (!bytes) throw Error(ErrorKind::NotFound, "no " + path + " at " + rev.substr(0, 8));
    return validated(ws, *bytes, path);
}

/// `accord export` of one document (its path in the workspace): what the export
/// command, its --all and plugin commands (ExportJob) all run.
int exportAt(Session& s, const std::string& path, const plugin::ExportJob& job)
{
    const plugin::Exporter* exporter = s.plugins.registries().findExporter(job.format);
    if (!exporter) {
        std::vector<std::string> known;
        for (const auto& e : s.plugins.registries().exporters) known.push_back(e.item.format);
        throw Error(ErrorKind::NotFound, "no exporter for format \"" + job.format + "\" (loaded: " +
                                             (known.empty() ? "none; see accord plugins" : join(known)) + ")");
    }
    Workspace& ws = s.workspace();
    Submission submission;
    std::optional<plugin::Redline> redline;
    std::string rev = "HEAD";  // whose history says which translations fell behind
    std::string since;         // the redline's start, as people read commit ids
    std::optional<ExportResult> exported;
    if (job.redline.empty()) {
        const WorkspaceConfig config = ws.config();
        // The history is read and the export written while the schema is still being checked, the document a
        // section at a time (never whole in memory); the export is kept only if the schema and the rules have
        // nothing to say.
        const FileBytes bytes = ws.mapFile(path);
        auto problems = validateSubmissionInParts(bytes.view(), path, ws.validationContext(), [&](const SubmissionParts& doc) {
            const auto stale = ws.hasCommits() ? staleTranslations(ws, path, rev) : std::vector<StaleTranslation>{};
            exported = exportSubmission(doc, config, *exporter, job.lang, job.profile, job.strict, stale, nullptr);
        }, [&](std::string_view read) { bytes.release(read); });
        if (!problems.empty()) throw ValidationError(std::move(problems));
    } else {
        const RevisionRange range = parseRange(ws, job.redline);
        submission = validAt(ws, range.to, path);
        redline = redlineOf(ws, path, submission, range);
        rev = range.to;
        since = job.redline.substr(0, job.redline.find(".."));
        if (since.size() == 40) since = since.substr(0, 8);
        const auto stale = ws.hasCommits() ? staleTranslations(ws, path, rev) : std::vector<StaleTranslation>{};
        exported = exportSubmission(submission, ws.config(), *exporter, job.lang, job.profile, job.strict, stale, &*redline);
    }
    ExportResult& made = *exported;
    std::size_t fallbacks = 0;
    for (const auto& f : made.check.findings) {
        if (!f.hard && !f.fallback && !f.warn) continue;
        if (f.fallback && ++fallbacks > 10) continue;
        const bool refuses = job.strict || (f.stale && made.profile->refuseStale);
        s.err() << "accord: " << (refuses ? "refused: " : "warning: ") << path
                << (f.line ? ":" + std::to_string(f.line) : "") << ": " << f.message << '\n';
    }
    if (fallbacks > 10)
        s.err() << "accord: … and " << fallbacks - 10 << " more texts with no " << made.lang
                << " version (accord check lists them)\n";
    if (fallbacks > 0 && !job.strict) s.err() << "accord: --strict refuses to export text in another language\n";
    if (made.refused) return kExitFailure;
    const std::string& result = made.bytes;
    if (job.output.empty() || job.output == "-") {
        s.out().write(result.data(), static_cast<std::streamsize>(result.size()));
        s.out().flush();
        return 0;
    }
    fs::path target = fs::path(job.output).is_absolute() ? fs::path(job.output) : s.cwdPath / job.output;
    writeFileAtomically(target, result);
    s.err() << "Wrote " << target.string() << " (" << exporter->format << ", " << made.profile->id << ", " << made.lang
            << (redline ? ", changes since " + since : std::string()) << ", "
            << result.size() << " bytes)\n";
    return 0;
}

int Session::runCommand(const std::vector<std::string>& args)
{
    const std::string dir = cwdPath.string();
    std::vector<const char*> argv{"accord", "-C", dir.c_str()};
    for (const auto& a : args) argv.push_back(a.c_str());
    return runCli(static_cast<int>(argv.size()), argv.data(), out_, err_);
}

int Session::exportDocument(const plugin::ExportJob& job)
{
    // A redline reads the document at two revisions: it need not be in the working tree.
    if (!job.redline.empty() && fs::path(job.document).extension() != ".xml") {
        requireId(job.document, "document");
        return exportAt(*this, Workspace::documentPath(job.document), job);
    }
    return exportAt(*this, workspace().resolveDocument(job.document, cwdPath), job);
}

/// The coalition's organisations and the recipients: the same shape in accord.xml, the same commands.
struct Directory {
    std::string noun;     ///< "organisation"
    std::string command;  ///< "org"
    std::vector<Organisation> WorkspaceConfig::*list;
    void (*add)(WorkspaceConfig&, Organisation);
};
const Directory kOrganisations{"organisation", "org", &WorkspaceConfig::organisations, addOrganisation};
const Directory kRecipients{"recipient", "recipient", &WorkspaceConfig::recipients, addRecipient};

struct ExportOptions {
    plugin::ExportJob job;
    std::string all;
};

class Cli {
public:
    Cli(std::ostream& out, std::ostream& err) : s_(out, err) {}

    int run(int argc, const char* const* argv);

private:
    Session s_;
    std::vector<std::string> args_;  ///< as the program was started, for accord-serve
    CLI::App app_{kIntro, "accord"};
    Action action_;
    std::map<std::string, CLI::App*> commands_;

    std::ostream& out() { return s_.out(); }
    std::ostream& err() { return s_.err(); }

    CLI::App* command(CLI::App& parent, const std::string& name, const std::string& summary, Action action)
    {
        CLI::App* sub = parent.add_subcommand(name, summary);
        sub->callback([this, action = std::move(action)] { action_ = action; });
        if (&parent == &app_) commands_[name] = sub;
        return sub;
    }

    void defineCommands();
    void definePluginCommands();
    int dispatch();
    void addPartCommands();

    // -- commands --
    int init(const std::string& dir);
    int directoryAdd(const Directory& dir, const std::string& id, const std::string& name, const std::string& nameKo,
                     const std::string& kind);
    int directoryList(const Directory& dir, bool json);
    int userAdd(const std::string& id, const std::string& name, const std::string& email, const std::string& org,
                const std::vector<std::string>& roles, const std::vector<std::string>& keys);
    int userKey(const std::string& id, const std::string& key);
    /// An SSH public key given on the command line: the line itself, or a file holding it.
    std::string publicKey(const std::string& given);
    int userList(bool json);
    int newDocument(const std::string& id, const std::string& title, const std::string& lang);
    /// Applies `change` to a document of the working tree through the library's part
    /// edits, validates the result and writes it (nothing is written when it fails).
    int editPart(const std::string& doc, const std::string& done, const std::function<void(Submission&)>& change);
    int directoryImport(const Directory& dir, const std::string& file);
    int recEdit(const std::string& doc, const std::string& id);
    int validate(const std::vector<std::string>& files, bool json);
    int commit(const std::string& message, const std::string& author);
    int status();
    int log(const std::string& rev, const std::string& rec, std::size_t limit, bool json);
    int show(const std::string& rev, bool json);
    int draftNew(const std::string& name, const std::string& from);
    int draftList();
    int switchTo(const std::string& name);
    int cloneFrom(const std::string& url, const std::string& dir);
    int syncWith(const std::string& remote);
    int publishTo(const std::string& url);
    int signerAdd(const std::string& id, const std::string& key, const std::vector<std::string>& users);
    int serveWorkspace(const ServeOptions& options);
    int serveInvite(const ServeOptions& options, const std::string& user, const std::string& baseUrl);
    int servePasswd(const ServeOptions& options, const std::string& user);
    /// Runs this command line as accord-serve, the same CLI with the server linked in, in this process.
    [[noreturn]] void handOverToServer();
    /// --state-dir as given, relative to the folder accord runs in.
    [[nodiscard]] fs::path stateDirOf(const ServeOptions& options) const;
    int diff(const std::vector<std::string>& revs, bool json);
    int listPlugins(bool json);
    int exportDocuments(const ExportOptions& options);
    int checkDocument(const std::string& doc, const std::string& profile);
    int translationOk(const std::string& doc, const std::string& rec, const std::string& lang);
    /// The document at `path`, validated (conflicts included) or refused.
    Submission loadValid(const std::string& path);
    int help(const std::string& name);
};

int Cli::run(int argc, const char* const* argv)
{
    args_.assign(argv, argv + argc);
    int verbosity = 0;
    std::string directory;
    std::string color = "auto";
    app_.set_help_flag("-h,--help", "Show this help (accord help CMD shows a command's)");
    app_.set_version_flag("--version", std::string("accord ") + ACCORD_VERSION);
    app_.add_flag_function("-v,--verbose", [&](std::int64_t n) { verbosity += static_cast<int>(n); },
                           "More diagnostics on stderr (repeat for more)");
    app_.add_flag_function("-q,--quiet", [&](std::int64_t n) { verbosity -= static_cast<int>(n); },
                           "Only errors on stderr");
    app_.add_option("-C", directory, "Run as if accord was started in this folder");
    app_.add_option("--color", color, "Colour output: auto (on a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    app_.require_subcommand(0, 1);
    app_.footer("Exit status: 0 success, 1 failure (invalid input, refused, not found), 2 wrong usage.\n"
                "Environment: ACCORD_AUTHOR=\"Name <email>\" (commit author), ACCORD_PLUGIN_PATH (more\n"
                "plugin folders, colon-separated), ACCORD_LOG (trace…off), NO_COLOR.");

    // Plugins register before parsing, since they may add commands. Logging is
    // configured again after parsing, when -v and -q are known.
    configureLogging(0);
    s_.plugins.loadAll(PluginManager::searchPath());
    defineCommands();
    definePluginCommands();

    try {
        app_.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app_.exit(e, out(), err());
    } catch (const CLI::CallForAllHelp& e) {
        return app_.exit(e, out(), err());
    } catch (const CLI::CallForVersion& e) {
        return app_.exit(e, out(), err());
    } catch (const CLI::ParseError& e) {
        app_.exit(e, out(), err());
        return kExitUsage;
    }
    configureLogging(verbosity);
    bool terminal = (&out() == &std::cout) && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    s_.style.color = color == "always" || (color == "auto" && terminal);
    if (!directory.empty()) s_.cwdPath = fs::absolute(directory);

    if (!action_) {
        out() << app_.help();
        return kExitUsage;
    }
    return dispatch();
}

int Cli::dispatch()
{
    try {
        return action_();
    } catch (const ValidationError& e) {
        for (const auto& d : e.diagnostics()) err() << d.toString() << '\n';
        err() << "accord: refused: fix the problems above, then run the command again\n";
        return kExitFailure;
    } catch (const Error& e) {
        err() << "accord: " << e.what() << '\n';
        return kExitFailure;
    } catch (const std::filesystem::filesystem_error& e) {
        err() << "accord: " << e.what() << '\n';
        return kExitFailure;
    } catch (const std::exception& e) {
        err() << "accord: internal error: " << e.what() << '\n';
        return kExitFailure;
    }
}

void Cli::defineCommands()
{
    {
        auto dir = std::make_shared<std::string>(".");
        auto* c = command(app_, "init", "Create a workspace (a git repository with accord.xml and documents/)",
                          [this, dir] { return init(*dir); });
        c->add_option("DIR", *dir, "Folder to create it in (default: the current folder)");
    }
    for (const Directory* dir : {&kOrganisations, &kRecipients}) {
        const std::string& noun = dir->noun;
        auto* group = app_.add_subcommand(dir->command, dir == &kOrganisations
                                                             ? "Manage the coalition's organisations (accord.xml)"
                                                             : "Manage the bodies recommendations are addressed to, with their names (accord.xml)");
        commands_[dir->command] = group;
        group->require_subcommand(1);
        auto id = std::make_shared<std::string>();
        auto name = std::make_shared<std::string>();
        auto nameKo = std::make_shared<std::string>();
        auto kind = std::make_shared<std::string>();
        auto* add = command(*group, "add", "Declare " + std::string(dir == &kOrganisations ? "an organisation" : "a recipient"),
                            [=, this] { return directoryAdd(*dir, *id, *name, *nameKo, *kind); });
        add->add_option("ID", *id, "Its id: lower-case letters, digits and -, e.g. " + std::string(dir == &kOrganisations ? "krsn" : "moel"))
            ->required();
        add->add_option("--name", *name, "Its name in English")->required();
        add->add_option("--name-ko", *nameKo, "Its name in Korean");
        if (dir == &kOrganisations) add->add_option("--kind", *kind, "What it is: ngo, network, union, lawyers, community…");
        else add->footer("A recommendation's <addressee>moel</addressee> (or a response's from=\"moel\") then prints\n"
                         "as the recipient's name in the export's language.");
        auto json = std::make_shared<bool>(false);
        auto* list = command(*group, "list", "List the " + noun + "s", [=, this] { return directoryList(*dir, *json); });
        list->add_flag("--json", *json, "Print JSON for tools");
        auto file = std::make_shared<std::string>();
        auto* import = command(*group, "import",
                               "Declare every " + noun + " of a TSV file (id, name_en, name_ko" +
                                   (dir == &kOrganisations ? ", kind)" : ")"),
                               [=, this] { return directoryImport(*dir, *file); });
        import->add_option("FILE", *file, "Tab-separated, with a header line, as examples/" + noun + "s.tsv")->required();
    }
    {
        auto* user = app_.add_subcommand("user", "Manage the people who act for the organisations (accord.xml)");
        commands_["user"] = user;
        user->require_subcommand(1);
        auto id = std::make_shared<std::string>();
        auto name = std::make_shared<std::string>();
        auto email = std::make_shared<std::string>();
        auto org = std::make_shared<std::string>();
        auto roles = std::make_shared<std::vector<std::string>>();
        auto keys = std::make_shared<std::vector<std::string>>();
        auto* add = command(*user, "add", "Declare a user of an organisation",
                            [=, this] { return userAdd(*id, *name, *email, *org, *roles, *keys); });
        add->add_option("ID", *id, "Their id, e.g. minji")->required();
        add->add_option("--name", *name, "Their name")->required();
        add->add_option("--email", *email, "Their email, as in their git identity")->required();
        add->add_option("--org", *org, "The organisation they act for")->required();
        add->add_option("--role", *roles, "drafter, reviewer, admin (repeat or separate by commas; default drafter)")
            ->delimiter(',')
            ->check(CLI::IsMember({"drafter", "reviewer", "admin"}));
        add->add_option("--key", *keys, "Their SSH public key (the line of id_ed25519.pub, or the file), to verify what "
                                        "they sign; repeat for more");
        auto json = std::make_shared<bool>(false);
        auto* list = command(*user, "list", "List the users", [=, this] { return userList(*json); });
        list->add_flag("--json", *json, "Print JSON for tools");
        auto keyUser = std::make_shared<std::string>();
        auto key = std::make_shared<std::string>();
        auto* addKey = command(*user, "key", "Add an SSH public key to a user (a change of the rules: their organisation consents)",
                               [=, this] { return userKey(*keyUser, *key); });
        addKey->add_option("ID", *keyUser, "The user")->required();
        addKey->add_option("KEY", *key, "The public key line, or the .pub file")->required();
    }
    {
        auto* signer = app_.add_subcommand("signer", "Keys trusted to sign for users, such as a server's (accord.xml)");
        commands_["signer"] = signer;
        signer->require_subcommand(1);
        auto id = std::make_shared<std::string>();
        auto key = std::make_shared<std::string>();
        auto users = std::make_shared<std::vector<std::string>>();
        auto* add = command(*signer, "add", "Trust a key to sign for users who sign in to it (a change of the rules: all consent)",
                            [=, this] { return signerAdd(*id, *key, *users); });
        add->add_option("ID", *id, "Its id, e.g. accord-server")->required();
        add->add_option("--key", *key, "Its SSH public key (the line, or the .pub file)")->required();
        add->add_option("--for", *users, "The users it may sign for (repeat or separate by commas; default: every user)")
            ->delimiter(',');
    }
    {
        auto o = std::make_shared<ServeOptions>();
        auto* c = app_.add_subcommand("serve", "Serve the workspace over HTTP: the JSON API behind the web interface");
        c->fallthrough();  // `accord serve -C WORKSPACE`, as a service's command line is usually written
        commands_["serve"] = c;
        c->add_option("--listen", o->listen, "HOST:PORT to listen on (default 127.0.0.1:8470; port 0 picks a free one)");
        c->add_option("--tls-cert", o->tlsCert, "A PEM certificate: serve HTTPS (with --tls-key)");
        c->add_option("--tls-key", o->tlsKey, "The certificate's PEM private key");
        c->add_option("--state-dir", o->stateDir, "The server's own folder: accounts and its signing key "
                                                   "(default: .git/accord-server, never committed)");
        c->add_option("--sync-with", o->syncWith, "A remote to keep in step with, as accord sync does (e.g. origin)");
        c->add_option("--sync-every", o->syncSeconds, "Seconds between syncs (default 60)")->check(CLI::Range(5, 86400));
        c->add_option("--threads", o->threads, "Requests served at once (default 16)")->check(CLI::Range(1, 256));
        c->add_option("--session-idle", o->sessionIdleSeconds, "Seconds after which an unused session ends (default 8 hours)")
            ->check(CLI::Range(1, 30 * 24 * 3600));
        c->add_option("--session-max", o->sessionMaxSeconds, "Seconds after sign-in at which any session ends (default 7 days)")
            ->check(CLI::Range(1, 365 * 24 * 3600));
        c->footer("Stops on SIGINT or SIGTERM after the requests in flight. Passwords, sessions and sign-in\n"
                  "attempts live in --state-dir, never in git. Give people a password with `accord serve invite USER`.");
        auto user = std::make_shared<std::string>();
        auto base = std::make_shared<std::string>("http://127.0.0.1:8470");
        auto* invite = c->add_subcommand("invite", "Print a one-time link with which USER sets a password");
        invite->fallthrough();  // --state-dir belongs to serve, and may come after the user
        invite->add_option("USER", *user, "A user of accord.xml on main")->required();
        invite->add_option("--url", *base, "The address people reach the server at (default http://127.0.0.1:8470)");
        invite->callback([=, this] { action_ = [=, this] { return serveInvite(*o, *user, *base); }; });
        auto* passwd = c->add_subcommand("passwd", "Set or reset USER's password (read from standard input)");
        passwd->fallthrough();
        passwd->add_option("USER", *user, "A user of accord.xml on main")->required();
        passwd->callback([=, this] { action_ = [=, this] { return servePasswd(*o, *user); }; });
        c->callback([=, this] {
            if (c->get_subcommands().empty()) action_ = [=, this] { return serveWorkspace(*o); };
        });
    }
    {
        auto id = std::make_shared<std::string>();
        auto title = std::make_shared<std::string>();
        auto lang = std::make_shared<std::string>("en");
        auto* c = command(app_, "new", "Create a skeleton submission in documents/ID.xml",
                          [=, this] { return newDocument(*id, *title, *lang); });
        c->add_option("ID", *id, "The submission's id, e.g. upr4-migrants")->required();
        c->add_option("--title", *title, "Its title, in the document's language")->required();
        c->add_option("--lang", *lang, "Its primary language: ko or en (default en)")
            ->check(CLI::IsMember({"ko", "en"}));
    }
    addPartCommands();
    {
        auto files = std::make_shared<std::vector<std::string>>();
        auto json = std::make_shared<bool>(false);
        auto* c = command(app_, "validate",
                          "Check documents against the schema and the workspace (ids, organisations, profiles)",
                          [=, this] { return validate(*files, *json); });
        c->add_option("FILE", *files, "Documents to check (default: accord.xml and every document)");
        c->add_flag("--json", *json, "Print JSON for tools");
    }
    {
        auto message = std::make_shared<std::string>();
        auto author = std::make_shared<std::string>();
        auto* c = command(app_, "commit", "Validate and record every changed document on the current draft",
                          [=, this] { return commit(*message, *author); });
        c->add_option("-m,--message", *message, "What changed and why")->required();
        c->add_option("--author", *author, "\"Name <email>\" (default: ACCORD_AUTHOR, else git's user.name/user.email)");
    }
    command(app_, "status", "Show the current draft and the documents changed since the last commit",
            [this] { return status(); });
    {
        auto rev = std::make_shared<std::string>("HEAD");
        auto rec = std::make_shared<std::string>();
        auto limit = std::make_shared<std::size_t>(0);
        auto json = std::make_shared<bool>(false);
        auto* c = command(app_, "log", "Show the history, or with --rec the history of one recommendation",
                          [=, this] { return log(*rev, *rec, *limit, *json); });
        c->add_option("REV", *rev, "Where to start: a draft, main, or a commit (default: the current draft)");
        c->add_option("--rec", *rec, "Only commits that changed this recommendation or section (followed by id)");
        c->add_option("-n,--max-count", *limit, "Show at most this many commits");
        c->add_flag("--json", *json, "Print JSON for tools");
    }
    {
        auto rev = std::make_shared<std::string>("HEAD");
        auto json = std::make_shared<bool>(false);
        auto* c = command(app_, "show", "Show a commit and what it changed, recommendation by recommendation",
                          [=, this] { return show(*rev, *json); });
        c->add_option("REV", *rev, "A draft, main, or a commit (default: the current one)");
        c->add_flag("--json", *json, "Print JSON for tools");
    }
    {
        auto* draft = app_.add_subcommand("draft", "Manage drafts: branches where a member works before proposing");
        commands_["draft"] = draft;
        draft->require_subcommand(1);
        auto name = std::make_shared<std::string>();
        auto from = std::make_shared<std::string>("HEAD");
        auto* add = command(*draft, "new", "Create a draft (the branch draft/NAME)", [=, this] { return draftNew(*name, *from); });
        add->add_option("NAME", *name, "The draft's name, e.g. apil-labour")->required();
        add->add_option("--from", *from, "Where it starts (default: the current commit)");
        command(*draft, "list", "List main and the drafts, marking the current one", [this] { return draftList(); });
    }
    {
        auto name = std::make_shared<std::string>();
        auto* c = command(app_, "switch", "Switch the working tree to a draft (or main)", [=, this] { return switchTo(*name); });
        c->add_option("NAME", *name, "A draft's name (another organisation's from the hub too), or main")->required();
    }
    {
        auto url = std::make_shared<std::string>();
        auto dir = std::make_shared<std::string>();
        auto* c = command(app_, "clone", "Copy the coalition's workspace from its hub, with every draft and record",
                          [=, this] { return cloneFrom(*url, *dir); });
        c->add_option("URL", *url, "The hub: a path, file://, git://, ssh://, user@host:path or https://")->required();
        c->add_option("DIR", *dir, "The folder to make (default: the hub's name)");
        c->footer("SSH uses your agent, ACCORD_SSH_KEY or ~/.ssh/id_ed25519; https asks git's credential helper.");
    }
    {
        auto remote = std::make_shared<std::string>("origin");
        auto* c = command(app_, "sync", "Meet the hub: take what the others did, give what you did",
                          [=, this] { return syncWith(*remote); });
        c->add_option("--remote", *remote, "The hub's remote name (default: origin)");
        c->footer("Fast-forwards main and the drafts that only moved on the hub, joins the record logs of\n"
                  "proposals and reviews, names the drafts changed on both sides, and pushes what is new\n"
                  "here. Nothing is ever forced. Exit status 1 when something needs you.");
    }
    {
        auto url = std::make_shared<std::string>();
        auto* c = command(app_, "publish", "Put this workspace on an empty repository: the coalition's hub",
                          [=, this] { return publishTo(*url); });
        c->add_option("URL", *url, "The empty repository (made with git init --bare, or on a git host)")->required();
    }
    {
        auto revs = std::make_shared<std::vector<std::string>>();
        auto json = std::make_shared<bool>(false);
        auto* c = command(app_, "diff",
                          "Semantic diff: sections and recommendations added, removed, moved; fields, languages, words",
                          [=, this] { return diff(*revs, *json); });
        c->add_option("REV", *revs,
                      "None: last commit → working tree; one: REV → working tree; two: REV → REV; "
                      "A...B: what B changes since it left A (a draft's own changes: main...DRAFT)")
            ->expected(0, 2);
        c->add_flag("--json", *json, "Print JSON for tools");
    }
    {
        auto json = std::make_shared<bool>(false);
        auto* c = command(app_, "plugins", "List the plugins found, with versions and state", [=, this] { return listPlugins(*json); });
        c->add_flag("--json", *json, "Print JSON for tools");
    }
    {
        auto o = std::make_shared<ExportOptions>();
        std::vector<std::string> loaded;
        for (const auto& e : s_.plugins.registries().exporters) loaded.push_back(e.item.format + " (" + e.item.summary + ")");
        const std::string formats = join(loaded);
        auto* c = command(app_, "export", "Export a document for its recipient (Word, Hangul, Markdown…)",
                          [=, this] { return exportDocuments(*o); });
        c->add_option("DOC", o->job.document, "A submission id or file (with --all: every document when left out)");
        c->add_option("--format", o->job.format, "The format: " + (formats.empty() ? std::string("none loaded") : formats));
        c->add_option("--profile", o->job.profile, "The recipient's profile (default: the document's meta/profile, else generic)");
        c->add_option("--lang", o->job.lang, "ko, en, or both (default: the profile's language, else the document's)")
            ->check(CLI::IsMember({"ko", "en", "both"}));
        c->add_option("-o,--output", o->job.output, "Write to this file (default: standard output)");
        c->add_option("--all", o->all, "Write every format into this folder");
        c->add_flag("--strict", o->job.strict, "Refuse when a hard limit is broken or a text would print in another language");
        c->add_option("--redline", o->job.redline,
                      "FROM..TO: the document at TO, its changes since FROM as tracked changes (docx), e.g. main..draft/kfm-edits");
        c->footer("Refuses a document that fails validation or holds conflicts; warns (or with --strict\n"
                  "refuses) when it breaks the profile's hard limits or when a text has no version in the\n"
                  "export's language and would print in another. accord check shows the whole report.\n"
                  "With --redline, Word's Review pane shows each insertion, deletion and move with the\n"
                  "author and date of the commit that made it; FROM...TO (three dots) shows what TO\n"
                  "changed since it left FROM.");
    }
    {
        auto* t = app_.add_subcommand("translation", "Translations that fell behind the other language (accord check lists them)");
        commands_["translation"] = t;
        t->require_subcommand(1);
        auto o = std::make_shared<std::array<std::string, 3>>();
        auto* c = command(*t, "ok", "Confirm that a recommendation's text in one language still says what the other says",
                          [=, this] { return translationOk((*o)[0], (*o)[1], (*o)[2]); });
        c->add_option("DOC", (*o)[0], "A submission id or file")->required();
        c->add_option("REC", (*o)[1], "The recommendation")->required();
        c->add_option("--lang", (*o)[2], "The language confirmed, e.g. ko")->required();
        c->footer("When a commit changes a recommendation's title, text or rationale in one language and\n"
                  "not in another, the other is stale: check, diff, proposal show and export say so until\n"
                  "it is edited, or a translator confirms it here. The confirmation is a record, kept in\n"
                  "the repository and shared by accord sync, of who confirmed it and as of which commit.");
    }
    {
        auto doc = std::make_shared<std::string>();
        auto profile = std::make_shared<std::string>();
        auto* c = command(app_, "check", "Check a document against its recipient's profile: words, translations, drafts",
                          [=, this] { return checkDocument(*doc, *profile); });
        c->add_option("DOC", *doc, "A submission id or file")->required();
        c->add_option("--profile", *profile, "The profile (default: the document's meta/profile, else generic)");
        c->footer("Exit status 1 when a hard limit is broken (or the document is invalid).");
    }
    {
        auto name = std::make_shared<std::vector<std::string>>();
        auto* c = command(app_, "help", "Show help for accord or for a command",
                          [=, this] { return help(name->empty() ? std::string() : (*name)[0] + (name->size() > 1 ? " " + (*name)[1] : "")); });
        c->add_option("CMD", *name, "A command, e.g. commit or draft new")->expected(0, 2);
    }
}

void Cli::definePluginCommands()
{
    for (const auto& reg : s_.plugins.registries().commands) {
        const auto& spec = reg.item;
        if (commands_.count(spec.name)) {
            areaLogger("plugins")->warn("{}: command {} is taken; ignored", reg.pluginId, spec.name);
            continue;
        }
        CLI::App* sub = app_.add_subcommand(spec.name, spec.summary + " [plugin " + reg.pluginId + "]");
        commands_[spec.name] = sub;
        std::function<int(plugin::CommandContext&)> run;
        try {
            run = spec.define(*sub);
        } catch (const std::exception& e) {
            areaLogger("plugins")->warn("{}: command {} failed to define its options: {}", reg.pluginId, spec.name, e.what());
            app_.remove_subcommand(sub);
            continue;
        }
        sub->callback([this, run] { action_ = [this, run] { return run(s_); }; });
    }
}

int Cli::help(const std::string& name)
{
    if (name.empty()) {
        out() << app_.help();
        return 0;
    }
    std::string first = name.substr(0, name.find(' '));
    auto it = commands_.find(first);
    if (it == commands_.end()) {
        err() << "accord: no command \"" << first << "\"; accord --help lists them\n";
        return kExitUsage;
    }
    CLI::App* target = it->second;
    if (auto space = name.find(' '); space != std::string::npos) {
        std::string second = name.substr(space + 1);
        try {
            target = target->get_subcommand(second);
        } catch (const CLI::OptionNotFound&) {
            err() << "accord: no command \"" << name << "\"; accord help " << first << " lists them\n";
            return kExitUsage;
        }
    }
    out() << target->help();
    return 0;
}

/// Plain `git merge` and `git pull` of documents go through the same structured merge.
void setUpMergeDriver(Workspace& ws)
{
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return;
    ws.setGitConfig("merge.accord.name", "Accord structured merge of submissions");
    ws.setGitConfig("merge.accord.driver", "'" + self.string() + "' merge-file -L ours -L base -L theirs %A %O %B");
}

/// A transfer's progress as a bar on a terminal's stderr; nothing on a pipe.
TransferProgress progressBar(std::ostream& err)
{
    if (&err != &std::cerr || !::isatty(STDERR_FILENO)) return {};
    return [&err](std::string_view stage, std::size_t done, std::size_t total) {
        if (total == 0) return;
        const std::size_t width = 30;
        const std::size_t filled = done * width / total;
        err << '\r' << std::string(stage) << ' ' << std::string(filled, '#') << std::string(width - filled, '.') << ' '
            << done << '/' << total << (done == total ? "\n" : "") << std::flush;
    };
}

void printSyncReport(std::ostream& out, const SyncReport& r, const std::string& hub)
{
    auto list = [&](const char* what, const std::vector<std::string>& items) {
        if (items.empty()) return;
        std::vector<std::string> named;
        // A record log is named as people name its proposal.
        for (const auto& item : items)
            named.push_back(item.starts_with("proposals/") ? "proposal #" + item.substr(10, 7) : item);
        out << "  " << what << ": " << join(named) << '\n';
    };
    list("came in", r.updated);
    list("new drafts of others (accord switch NAME works on one)", r.arrived);
    if (!r.records.empty()) out << "  records joined: " << r.records.size() << " log(s) of proposals and reviews\n";
    list("went out", r.pushed);
    for (const auto& d : r.diverged)
        out << "  needs you: " << d << " changed here and on " << hub << ": accord switch " << d.substr(d.find('/') + 1)
            << "; accord merge origin/" << d << ", then accord sync\n";
    for (const auto& x : r.refused) out << "  refused by " << hub << ": " << x << '\n';
    for (const auto& h : r.held)
        out << "  needs you: " << h << " moved on " << hub << ", and you have uncommitted changes there: commit them "
            << "(accord commit -m \"…\"), then accord sync again: the two will merge\n";
    if (r.updated.empty() && r.arrived.empty() && r.records.empty() && r.pushed.empty() && r.diverged.empty() &&
        r.refused.empty() && r.held.empty())
        out << "  nothing new on either side\n";
}

int Cli::init(const std::string& dir)
{
    fs::path target = fs::path(dir).is_absolute() ? fs::path(dir) : s_.cwdPath / dir;
    Workspace ws = Workspace::init(target);
    setUpMergeDriver(ws);
    out() << "Created an Accord workspace in " << ws.root().string() << "\n"
          << "Next: accord org add ID --name \"…\" --name-ko \"…\" for each member organisation,\n"
          << "      accord new ID --title \"…\" for a submission, then accord commit -m \"…\".\n";
    return 0;
}

int Cli::directoryAdd(const Directory& dir, const std::string& id, const std::string& name, const std::string& nameKo,
                      const std::string& kind)
{
    requireId(id, dir.noun.c_str());
    requireText(name, "--name");
    requireText(nameKo, "--name-ko");
    if (name.find_first_not_of(" \t") == std::string::npos)
        throw Error(ErrorKind::Invalid, "the " + dir.noun + "'s --name is empty");
    Workspace& ws = s_.workspace();
    WorkspaceConfig config = ws.config();
    Organisation entry{id, kind, {LangText{"en", name, 0}}, 0};
    if (!nameKo.empty()) entry.names.push_back(LangText{"ko", nameKo, 0});
    dir.add(config, std::move(entry));
    ws.saveConfig(config);
    out() << "Added " << id << ": " << name << (nameKo.empty() ? "" : " / " + nameKo)
          << " (in accord.xml; accord commit records it)\n";
    return 0;
}

int Cli::directoryImport(const Directory& dir, const std::string& file)
{
    std::ifstream in(s_.cwdPath / file);
    if (!in) throw Error(ErrorKind::NotFound, "cannot read " + file);
    Workspace& ws = s_.workspace();
    WorkspaceConfig config = ws.config();
    std::size_t added = 0;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (n == 1 || line.find_first_not_of(" \t") == std::string::npos) continue;  // the header, blank lines
        std::vector<std::string> fields;
        for (std::size_t at = 0;;) {
            const auto tab = line.find('\t', at);
            fields.push_back(line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
            if (tab == std::string::npos) break;
            at = tab + 1;
        }
        const std::string where = file + ":" + std::to_string(n) + ": ";
        if (fields.size() < 2 || fields[1].empty())
            throw Error(ErrorKind::Invalid, where + "expected id, name_en, name_ko" +
                                                (&dir == &kOrganisations ? " and kind" : "") +
                                                " separated by tabs; nothing was added");
        try {
            requireId(fields[0], dir.noun.c_str());
            Organisation entry{fields[0], fields.size() > 3 ? fields[3] : "", {LangText{"en", fields[1], 0}}, 0};
            if (fields.size() > 2 && !fields[2].empty()) entry.names.push_back(LangText{"ko", fields[2], 0});
            dir.add(config, std::move(entry));
        } catch (const Error& e) {
            throw Error(e.kind(), where + e.what() + "; nothing was added");
        }
        ++added;
    }
    ws.saveConfig(config);
    out() << "Added " << added << " " << dir.noun << "(s) from " << file << " (in accord.xml; accord commit records them)\n";
    return 0;
}

int Cli::recEdit(const std::string& doc, const std::string& id)
{
    Workspace& ws = s_.workspace();
    const std::string path = ws.resolveDocument(doc, s_.cwdPath);
    const Submission submission = loadValid(path);
    const Recommendation* rec = submission.findRecommendation(id);
    if (!rec) throw Error(ErrorKind::NotFound, "no recommendation \"" + id + "\" in " + path);
    // Kept outside the working tree, and kept when what was saved is refused.
    const fs::path text = ws.root() / ".git" / "accord-edit" / (submission.id + "." + id + ".txt");
    const bool resumed = fs::exists(text);
    if (resumed) err() << "accord: taking up your earlier edit kept in " << text.string() << '\n';
    else {
        fs::create_directories(text.parent_path());
        writeFileAtomically(text, recommendationText(*rec, path));
    }
    auto read = [&] { return readFile(text); };
    const std::string before = read();
    std::string editor = "vi";
    for (const char* name : {"VISUAL", "EDITOR"})
        if (const char* v = std::getenv(name); v && *v) {
            editor = v;
            break;
        }
    std::string quoted = "'";
    for (char c : text.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const int status = std::system((editor + " " + quoted).c_str());
    const std::string kept = "your text is kept in " + text.string() + "; accord rec edit " + doc + " " + id + " takes it up again";
    if (status != 0) throw Error(ErrorKind::Invalid, "the editor (" + editor + ") did not finish cleanly: " + kept);
    const std::string after = read();
    if (after == before && !resumed) {
        fs::remove(text);
        out() << "No change to recommendation " << id << ".\n";
        return 0;
    }
    try {
        const Recommendation edited = recommendationFromText(after, text.string(), *rec);
        const int done = editPart(doc, "Edited recommendation " + id,
                                  [&](Submission& d) { parts::replaceRecommendation(d, edited); });
        fs::remove(text);
        return done;
    } catch (const Error&) {
        err() << "accord: " << kept << '\n';
        throw;
    }
}

int Cli::editPart(const std::string& doc, const std::string& done, const std::function<void(Submission&)>& change)
{
    Workspace& ws = s_.workspace();
    const std::string path = ws.resolveDocument(doc, s_.cwdPath);
    Submission submission = loadValid(path);
    change(submission);
    const std::string bytes = serialize(submission);
    if (auto problems = validateSubmission(bytes, path, ws.validationContext()); !problems.empty())
        throw ValidationError(std::move(problems));
    ws.writeDocument(path, bytes);
    out() << done << " in " << path << " (accord commit records it)\n";
    return 0;
}

namespace {

/// --position, from 0; nothing when not given (the end).
std::optional<std::size_t> positionOf(long given)
{
    return given < 0 ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(given));
}

/// "ko=텍스트" as a language and its text.
std::pair<std::string, std::string> langAndText(const std::string& given, const char* option)
{
    const auto eq = given.find('=');
    if (eq == std::string::npos || eq == 0 || given.find_first_not_of(" \t", eq + 1) == std::string::npos)
        throw Error(ErrorKind::Invalid, std::string(option) + " takes LANG=TEXT, e.g. " + option + " ko=…, not \"" + given + "\"");
    return {given.substr(0, eq), given.substr(eq + 1)};
}

std::vector<LangText> langTexts(const std::vector<std::string>& given, const char* option)
{
    std::vector<LangText> out;
    for (const auto& g : given) {
        auto [lang, text] = langAndText(g, option);
        out.push_back(LangText{lang, text, 0});
    }
    return out;
}

/// Texts as paragraphs (a blank line between two) in the light markup of rec edit.
std::vector<Block> blocks(const std::vector<std::string>& given, const char* option)
{
    std::vector<Block> out;
    for (const auto& g : given) {
        auto [lang, text] = langAndText(g, option);
        out.push_back(Block{lang, paragraphsFromMarkup(text), 0});
    }
    return out;
}

} // namespace

void Cli::addPartCommands()
{
    auto* rec = app_.add_subcommand("rec", "Add, move or delete a recommendation of a document in the working tree");
    commands_["rec"] = rec;
    rec->require_subcommand(1);
    {
        struct Options {
            std::string doc, section, id, status, priority;
            std::vector<std::string> titles, texts, rationales, endorse, addressees;
            long position = -1;
        };
        auto o = std::make_shared<Options>();
        auto* c = command(*rec, "add", "Add a recommendation to a section", [=, this] {
            requireId(o->id, "recommendation");
            Recommendation r;
            r.id = o->id;
            r.status = o->status;
            r.priority = o->priority;
            r.titles = langTexts(o->titles, "--title");
            r.texts = blocks(o->texts, "--text");
            r.rationales = blocks(o->rationales, "--rationale");
            r.addressees = o->addressees;
            for (const auto& org : o->endorse) r.endorsements.push_back(Endorsement{org, 0});
            return editPart(o->doc, "Added recommendation " + o->id + " to section " + o->section,
                            [&](Submission& d) { parts::addRecommendation(d, o->section, positionOf(o->position), r); });
        });
        c->add_option("DOC", o->doc, "The document, e.g. nap4-migrants")->required();
        c->add_option("--section", o->section, "The section it goes in")->required();
        c->add_option("--id", o->id, "Its id, used in links: letters, digits, '-', '.', '_'")->required();
        c->add_option("--title", o->titles, "Its title as LANG=TEXT (repeat for each language)");
        c->add_option("--text", o->texts, "Its text as LANG=TEXT, paragraphs parted by a blank line (repeat per language)")
            ->required();
        c->add_option("--rationale", o->rationales, "Its rationale as LANG=TEXT (repeat per language)");
        c->add_option("--endorse", o->endorse, "An endorsing organisation (repeat)");
        c->add_option("--addressee", o->addressees, "A ministry or body it is addressed to (repeat)");
        c->add_option("--status", o->status, "draft, agreed or withdrawn (default: draft)")
            ->check(CLI::IsMember({"draft", "agreed", "withdrawn"}));
        c->add_option("--priority", o->priority, "high, medium or low")->check(CLI::IsMember({"high", "medium", "low"}));
        c->add_option("--position", o->position, "Its place among the section's recommendations, from 0 (default: last)")
            ->check(CLI::NonNegativeNumber);
        c->footer("Texts take the light markup of accord rec edit: *emphasis*, **strong**, [^a footnote],\n"
                  "[words](https://a.link), \\* for a star.");
    }
    {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto to = std::make_shared<std::string>();
        auto position = std::make_shared<long>(-1);
        auto* c = command(*rec, "move", "Move a recommendation to a section", [=, this] {
            return editPart(*doc, "Moved recommendation " + *id + " to section " + *to,
                            [&](Submission& d) { parts::moveRecommendation(d, *id, *to, positionOf(*position)); });
        });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("REC", *id, "The recommendation")->required();
        c->add_option("--to", *to, "The section it goes to")->required();
        c->add_option("--position", *position, "Its place there, from 0 (default: last)")->check(CLI::NonNegativeNumber);
    }
    {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto* c = command(*rec, "rm", "Delete a recommendation", [=, this] {
            return editPart(*doc, "Deleted recommendation " + *id,
                            [&](Submission& d) { parts::removeRecommendation(d, *id); });
        });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("REC", *id, "The recommendation")->required();
    }
    {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto* c = command(*rec, "edit", "Edit a recommendation in your text editor ($VISUAL, $EDITOR, else vi), as text",
                          [=, this] { return recEdit(*doc, *id); });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("REC", *id, "The recommendation")->required();
        c->footer("The editor shows its status, priority, endorsements, addressees and references, then its title,\n"
                  "text and rationale in each language, with *emphasis*, **strong**, [^footnotes] and [links](https://…).\n"
                  "What you save is validated before it is written; when it is refused, your text is kept and the\n"
                  "next accord rec edit takes it up again.");
    }
    auto* section = app_.add_subcommand("section", "Add, move or delete a section of a document in the working tree");
    commands_["section"] = section;
    section->require_subcommand(1);
    {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto parent = std::make_shared<std::string>();
        auto headings = std::make_shared<std::vector<std::string>>();
        auto position = std::make_shared<long>(-1);
        auto* c = command(*section, "add", "Add a section, at the top level or inside another", [=, this] {
            requireId(*id, "section");
            Section s;
            s.id = *id;
            s.headings = langTexts(*headings, "--heading");
            return editPart(*doc, "Added section " + *id,
                            [&](Submission& d) { parts::addSection(d, *parent, positionOf(*position), s); });
        });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("--id", *id, "Its id")->required();
        c->add_option("--heading", *headings, "Its heading as LANG=TEXT (repeat for each language)")->required();
        c->add_option("--parent", *parent, "The section it goes inside (default: the top level)");
        c->add_option("--position", *position, "Its place among its siblings, from 0 (default: last)")->check(CLI::NonNegativeNumber);
    }
    {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto parent = std::make_shared<std::string>();
        auto position = std::make_shared<long>(-1);
        auto* c = command(*section, "move", "Move a section, with all it holds, to another place or inside another", [=, this] {
            return editPart(*doc, "Moved section " + *id + (parent->empty() ? " to the top level" : " into " + *parent),
                            [&](Submission& d) { parts::moveSection(d, *id, *parent, positionOf(*position)); });
        });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("SEC", *id, "The section")->required();
        c->add_option("--parent", *parent, "The section it goes inside (default: the top level)");
        c->add_option("--position", *position, "Its place among its new siblings, from 0 (default: last)")->check(CLI::NonNegativeNumber);
        c->footer("Numbers follow the order: moving a section renumbers it and what comes after it;\n"
                  "its id, and the ids of all it holds, stay.");
    }
    {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto* c = command(*section, "rm", "Delete an empty section", [=, this] {
            return editPart(*doc, "Deleted section " + *id, [&](Submission& d) { parts::removeSection(d, *id); });
        });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("SEC", *id, "The section")->required();
    }
    for (const bool adding : {true, false}) {
        auto doc = std::make_shared<std::string>();
        auto id = std::make_shared<std::string>();
        auto org = std::make_shared<std::string>();
        auto* c = command(app_, adding ? "endorse" : "unendorse",
                          adding ? "Add an organisation's endorsement to a recommendation"
                                 : "Take an organisation's endorsement off a recommendation",
                          [=, this] {
                              return editPart(*doc, (adding ? "Added " : "Removed ") + *org + "'s endorsement of " + *id,
                                              [&](Submission& d) {
                                                  if (adding) parts::endorse(d, *id, *org);
                                                  else parts::unendorse(d, *id, *org);
                                              });
                          });
        c->add_option("DOC", *doc, "The document")->required();
        c->add_option("REC", *id, "The recommendation")->required();
        c->add_option("ORG", *org, "The organisation (accord org list)")->required();
    }
}

int Cli::directoryList(const Directory& dir, bool json)
{
    WorkspaceConfig config = s_.workspace().config();
    const std::vector<Organisation>& entries = config.*dir.list;
    if (json) {
        Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
        for (const auto& o : entries) {
            Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
            x->set("id", o.id);
            if (&dir == &kOrganisations) x->set("kind", o.kind);
            Poco::JSON::Object::Ptr names = new Poco::JSON::Object;
            for (const auto& n : o.names) names->set(n.lang, n.text);
            x->set("names", names);
            a->add(x);
        }
        Poco::JSON::Stringifier::stringify(a, out(), 2);
        out() << '\n';
        return 0;
    }
    if (entries.empty()) out() << "No " << dir.noun << "s yet: accord " << dir.command << " add ID --name \"…\"\n";
    for (const auto& o : entries) {
        out() << s_.style.paint(o.id, "\033[1m") << '\t' << o.name("en");
        if (const auto* ko = pickLang(o.names, "ko"); ko && ko->lang == "ko") out() << " / " << ko->text;
        if (!o.kind.empty()) out() << "  (" << o.kind << ')';
        out() << '\n';
    }
    return 0;
}

std::string Cli::publicKey(const std::string& given)
{
    std::string key = given;
    if (!given.starts_with("ssh-") && !given.starts_with("ecdsa-") && !given.starts_with("sk-")) {
        const fs::path file = fs::path(given).is_absolute() ? fs::path(given) : s_.cwdPath / given;
        key = readFile(file);
    }
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ')) key.pop_back();
    static const std::regex line(R"((ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+=*( [^\n]*)?)");
    if (!std::regex_match(key, line))
        throw Error(ErrorKind::Invalid, "\"" + given + "\" is not an SSH public key: give the line of your id_ed25519.pub "
                                                       "(ssh-keygen -t ed25519 makes one), or the file");
    requireText(key, "the key");
    return key;
}

int Cli::userKey(const std::string& id, const std::string& given)
{
    const std::string key = publicKey(given);
    Workspace& ws = s_.workspace();
    WorkspaceConfig config = ws.config();
    auto it = std::find_if(config.users.begin(), config.users.end(), [&](const User& u) { return u.id == id; });
    if (it == config.users.end()) throw Error(ErrorKind::NotFound, "no user \"" + id + "\" (accord user list)");
    if (std::find(it->keys.begin(), it->keys.end(), key) != it->keys.end())
        throw Error(ErrorKind::Exists, id + " already has this key");
    it->keys.push_back(key);
    ws.saveConfig(config);
    out() << "Added a key to " << id << " (in accord.xml; on a protected branch it lands through a proposal that "
          << it->org << " approves)\n";
    return 0;
}

int Cli::signerAdd(const std::string& id, const std::string& given, const std::vector<std::string>& users)
{
    requireId(id, "signer");
    const std::string key = publicKey(given);
    Workspace& ws = s_.workspace();
    WorkspaceConfig config = ws.config();
    for (const auto& s : config.signers)
        if (s.id == id) throw Error(ErrorKind::Exists, "signer " + id + " already exists");
    for (const auto& u : users)
        if (!config.findUser(u)) throw Error(ErrorKind::NotFound, "no user \"" + u + "\" (accord user list)");
    config.signers.push_back(Signer{id, key, users});
    ws.saveConfig(config);
    out() << "Trusted " << id << " to sign for " << (users.empty() ? std::string("every user") : join(users))
          << " (in accord.xml; on a protected branch it lands through a proposal every organisation approves)\n";
    return 0;
}

void Cli::handOverToServer()
{
    // exec: the same process id, signals, standard streams and exit status, for whoever started `accord serve`.
    if (&out() != &std::cout || &err() != &std::cerr)
        throw Error(ErrorKind::Invalid, "accord serve runs as a program of its own, not inside another command");
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    const fs::path server = (ec ? fs::path() : self.parent_path()) / "accord-serve";
    std::cout.flush();
    std::cerr.flush();
    std::vector<char*> argv;
    for (auto& a : args_) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(server.c_str(), argv.data());
    const int error = errno;
    throw Error(ErrorKind::NotFound, "accord serve runs " + server.string() + ", which did not start (" +
                                         std::strerror(error) + "): install Accord again, or build it (make)");
}

int Cli::serveWorkspace(const ServeOptions& given)
{
    if (!serverInThisProgram()) handOverToServer();
    ServeOptions o = given;
    o.workspace = s_.workspace().root();
    o.stateDir = stateDirOf(o);
    return serve(o, s_.plugins.registries(), out(), err());
}

fs::path Cli::stateDirOf(const ServeOptions& o) const
{
    return o.stateDir.empty() || o.stateDir.is_absolute() ? o.stateDir : s_.cwdPath / o.stateDir;
}

int Cli::serveInvite(const ServeOptions& o, const std::string& user, const std::string& baseUrl)
{
    if (!serverInThisProgram()) handOverToServer();
    std::string base = baseUrl;
    while (!base.empty() && base.back() == '/') base.pop_back();
    out() << inviteUser(s_.workspace().root(), stateDirOf(o), user, base) << '\n';
    err() << "The link works once, for 7 days; give it to " << user << " by a channel you trust.\n";
    return 0;
}

int Cli::servePasswd(const ServeOptions& o, const std::string& user)
{
    if (!serverInThisProgram()) handOverToServer();
    auto readLine = [](const char* prompt) {
        const bool tty = isatty(STDIN_FILENO) != 0;
        termios before{};
        if (tty) {
            std::cerr << prompt << std::flush;
            tcgetattr(STDIN_FILENO, &before);
            termios quiet = before;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::string line;
        std::getline(std::cin, line);
        if (tty) {
            tcsetattr(STDIN_FILENO, TCSANOW, &before);
            std::cerr << '\n';
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    };
    const std::string password = readLine("New password: ");
    if (isatty(STDIN_FILENO) && readLine("Again: ") != password) throw Error(ErrorKind::Invalid, "the two passwords differ");
    setUserPassword(s_.workspace().root(), stateDirOf(o), user, password);
    out() << "Set the password of " << user << "; their sessions are ended.\n";
    return 0;
}

int Cli::userAdd(const std::string& id, const std::string& name, const std::string& email, const std::string& org,
                 const std::vector<std::string>& roles, const std::vector<std::string>& keys)
{
    requireId(id, "user");
    requireText(name, "--name");
    requireText(email, "--email");
    if (name.find_first_not_of(" \t") == std::string::npos) throw Error(ErrorKind::Invalid, "the user's --name is empty");
    Workspace& ws = s_.workspace();
    WorkspaceConfig config = ws.config();
    User user{id, name, email, org, roles, {}};
    for (const auto& k : keys) user.keys.push_back(publicKey(k));
    addUser(config, user);
    user = *config.findUser(id);
    ws.saveConfig(config);
    out() << "Added " << id << ": " << name << " <" << email << ">, " << join(user.roles) << " for " << org
          << " (in accord.xml; accord commit records it)\n";
    return 0;
}

int Cli::userList(bool json)
{
    WorkspaceConfig config = s_.workspace().config();
    if (json) {
        Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
        for (const auto& u : config.users) {
            Poco::JSON::Object::Ptr x = new Poco::JSON::Object;
            x->set("id", u.id);
            x->set("name", u.name);
            x->set("email", u.email);
            x->set("org", u.org);
            Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
            for (const auto& r : u.roles) roles->add(r);
            x->set("roles", roles);
            a->add(x);
        }
        Poco::JSON::Stringifier::stringify(a, out(), 2);
        out() << '\n';
        return 0;
    }
    if (config.users.empty()) out() << "No users yet: accord user add ID --name \"…\" --email … --org ORG --role reviewer\n";
    for (const auto& u : config.users) {
        out() << s_.style.paint(u.id, "\033[1m") << '\t' << u.name << " <" << u.email << ">\t" << u.org << '\t' << join(u.roles, ",")
              << '\n';
    }
    return 0;
}

int Cli::newDocument(const std::string& id, const std::string& title, const std::string& lang)
{
    requireId(id, "submission");
    requireText(title, "--title");
    Workspace& ws = s_.workspace();
    std::string path = Workspace::documentPath(id);
    if (fs::exists(ws.root() / path)) throw Error(ErrorKind::Exists, path + " already exists");
    if (title.find_first_not_of(" \t") == std::string::npos) throw Error(ErrorKind::Invalid, "the --title is empty");
    Submission doc;
    doc.id = id;
    doc.lang = lang;
    doc.meta.titles.push_back(LangText{lang, title, 0});
    // One example section and recommendation in both languages, to change or delete.
    Section section;
    section.id = "example-section";
    section.headings = {LangText{"ko", "예시 장", 0}, LangText{"en", "An example section", 0}};
    Recommendation rec;
    rec.id = "example-recommendation";
    rec.titles = {LangText{"ko", "예시 권고", 0}, LangText{"en", "An example recommendation", 0}};
    auto text = [](const char* words) { return std::vector<Paragraph>{Paragraph{{Inline{Inline::Kind::Text, words, {}, {}}}, 0}}; };
    rec.texts = {Block{"ko", text("정부는 … 할 것."), 0}, Block{"en", text("The Government should …"), 0}};
    rec.rationales = {Block{"ko", text("근거를 여기에 씁니다."), 0}, Block{"en", text("Why: the facts and sources."), 0}};
    section.recommendations.push_back(std::move(rec));
    doc.sections.push_back(std::move(section));
    ws.writeDocument(path, serialize(doc));
    out() << "Created " << path << " with an example section and recommendation in Korean and English.\n"
          << "Change them with accord rec and accord section (accord help rec), the web interface (accord serve)\n"
          << "or any editor; accord validate checks them.\n";
    return 0;
}

int Cli::validate(const std::vector<std::string>& files, bool json)
{
    Workspace& ws = s_.workspace();
    std::vector<std::string> targets;
    if (files.empty()) {
        targets.push_back(Workspace::kConfigFile);
        for (const auto& f : ws.documentFiles()) targets.push_back(f);
    } else {
        for (const auto& f : files) targets.push_back(ws.resolveDocument(f, s_.cwdPath));
    }
    std::vector<Diagnostic> found = validateConfig(ws.readFile(Workspace::kConfigFile), Workspace::kConfigFile);
    if (found.empty()) {
        ValidationContext ctx = ws.validationContext();
        for (const auto& t : targets) {
            if (t == Workspace::kConfigFile) continue;
            std::string bytes;
            try {
                bytes = ws.readFile(t);
            } catch (const Error& e) {
                // A link, a folder…: said, and the other documents still checked.
                std::string why = e.what();
                if (why.starts_with(t + " ")) why.erase(0, t.size() + 1);
                found.push_back(Diagnostic{t, 0, why});
                continue;
            }
            auto more = validateSubmission(bytes, t, ctx);
            found.insert(found.end(), more.begin(), more.end());
        }
    }
    if (json) {
        printDiagnosticsJson(out(), found, targets);
    } else {
        for (const auto& d : found) err() << d.toString() << '\n';
        if (found.empty()) out() << targets.size() << (targets.size() == 1 ? " file" : " files") << " valid\n";
        else err() << found.size() << (found.size() == 1 ? " problem" : " problems") << " found\n";
    }
    return found.empty() ? 0 : kExitFailure;
}

int Cli::commit(const std::string& message, const std::string& author)
{
    Workspace& ws = s_.workspace();
    Signature who = author.empty() ? ws.defaultAuthor() : parseSignature(author, "--author");
    auto changed = ws.status();
    CommitInfo c = ws.commit(message, who);
    out() << '[' << ws.currentBranch() << ' ' << c.shortId << "] " << c.summary() << '\n';
    for (const auto& e : changed)
        out() << "  " << (e.state == FileState::Added ? "added    " : e.state == FileState::Deleted ? "deleted  " : "modified ")
              << e.path << '\n';
    return 0;
}

int Cli::status()
{
    Workspace& ws = s_.workspace();
    std::string branch = ws.currentBranch();
    out() << "On " << (branch.empty() ? "a detached commit" : branch);
    if (!ws.hasCommits()) out() << " (no commits yet)";
    out() << '\n';
    auto changes = ws.status();
    if (changes.empty()) {
        out() << "Nothing changed since the last commit.\n";
    } else {
        out() << "Changed since the last commit (accord diff shows how; accord commit records it):\n";
        for (const auto& e : changes) {
            const char* label = e.state == FileState::Added ? "new:      " : e.state == FileState::Deleted ? "deleted:  " : "modified: ";
            const char* color = e.state == FileState::Added ? "\033[32m" : e.state == FileState::Deleted ? "\033[31m" : "\033[33m";
            out() << "  " << s_.style.paint(label, color) << e.path << '\n';
        }
    }
    bool header = false;
    for (const auto& path : ws.documentFiles()) {
        const std::size_t n = unresolvedConflicts(ws.readFile(path), path).size();
        if (n == 0) continue;
        if (!header) out() << "Unresolved conflicts (accord conflicts shows them, accord resolve settles each):\n";
        header = true;
        out() << "  " << s_.style.paint("conflicts: ", "\033[31m") << path << " (" << n << ")\n";
    }
    return 0;
}

int Cli::log(const std::string& rev, const std::string& rec, std::size_t limit, bool json)
{
    Workspace& ws = s_.workspace();
    if (!rec.empty()) {
        auto history = partHistory(ws, rec, rev);
        if (limit && history.size() > limit) history.resize(limit);
        if (json) {
            printPartHistoryJson(out(), history);
            return 0;
        }
        if (history.empty())
            throw Error(ErrorKind::NotFound, "no commit reachable from " + rev + " touches \"" + rec +
                                                 "\": check the id (accord log lists commits)");
        printPartHistory(out(), history, s_.style);
        return 0;
    }
    auto commits = ws.log(rev, limit);
    if (json) printLogJson(out(), commits);
    else
        for (const auto& c : commits) printCommit(out(), c, s_.style);
    return 0;
}

int Cli::show(const std::string& rev, bool json)
{
    Workspace& ws = s_.workspace();
    CommitInfo c = ws.resolve(rev);
    Snapshot after = ws.snapshot(c.id);
    Snapshot before = c.parents.empty() ? Snapshot{} : ws.snapshot(c.parents.front());
    auto diffs = diffSnapshots(before, after);
    markStale(diffs, ws, c.id);
    if (json) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        std::ostringstream commitText;
        printLogJson(commitText, {c});
        std::ostringstream diffText;
        printDiffJson(diffText, diffs);
        out() << "{\n\"commit\": " << commitText.str() << ",\n\"diff\": " << diffText.str() << "}\n";
        return 0;
    }
    out() << s_.style.paint("commit " + c.id, "\033[33m") << '\n';
    if (c.parents.size() > 1) out() << "Merge:  " << c.parents[0].substr(0, 8) << ' ' << c.parents[1].substr(0, 8) << '\n';
    out() << "Author: " << c.author.name << " <" << c.author.email << ">\n"
          << "Date:   " << formatTime(c.time, c.offsetMinutes) << "\n\n";
    std::istringstream message(c.message);
    for (std::string line; std::getline(message, line);) out() << "    " << line << '\n';
    out() << '\n';
    printDiff(out(), diffs, s_.style);
    return 0;
}

int Cli::draftNew(const std::string& name, const std::string& from)
{
    Workspace& ws = s_.workspace();
    DraftInfo d = ws.createDraft(name, from);
    out() << "Created draft " << d.name << " (branch " << d.branch << ") at " << d.head.substr(0, 8)
          << "\nSwitch to it with: accord switch " << d.name << '\n';
    return 0;
}

int Cli::draftList()
{
    for (const auto& d : s_.workspace().drafts()) {
        out() << (d.current ? "* " : "  ") << s_.style.paint(d.name, d.current ? "\033[32m" : "") << "  " << d.head.substr(0, 8);
        if (!d.owner.empty()) out() << "  by " << d.owner;
        if (d.remote) out() << "  (on the hub: accord switch " << d.name << ")";
        out() << '\n';
    }
    return 0;
}

int Cli::cloneFrom(const std::string& url, const std::string& dir)
{
    std::string folder = dir;
    if (folder.empty()) {
        std::string tail = url;
        while (!tail.empty() && (tail.back() == '/' || tail.back() == ':')) tail.pop_back();
        tail = tail.substr(tail.find_last_of("/:") == std::string::npos ? 0 : tail.find_last_of("/:") + 1);
        if (tail.ends_with(".git")) tail.resize(tail.size() - 4);
        folder = tail.empty() ? "workspace" : tail;
    }
    const fs::path target = fs::path(folder).is_absolute() ? fs::path(folder) : s_.cwdPath / folder;
    const bool local = url.starts_with("/") || url.starts_with(".");
    Workspace ws = Workspace::clone(local && !fs::path(url).is_absolute() ? (s_.cwdPath / url).string() : url, target,
                                    progressBar(err()));
    setUpMergeDriver(ws);
    std::size_t drafts = 0;
    for (const auto& d : ws.drafts()) drafts += d.branch != Workspace::kMainBranch;
    out() << "Cloned " << url << " into " << ws.root().string() << " (main, " << drafts << " draft(s), "
          << ws.listRefs("refs/accord/proposals/").size() << " proposal(s))\n"
          << "Next: cd " << ws.root().string() << "; accord draft list; accord sync to meet the hub again.\n";
    return 0;
}

int Cli::syncWith(const std::string& remote)
{
    Workspace& ws = s_.workspace();
    const SyncReport report = ws.sync(remote, progressBar(err()));
    out() << "Synced with " << remote << ":\n";
    printSyncReport(out(), report, remote);
    return report.diverged.empty() && report.refused.empty() && report.held.empty() ? 0 : kExitFailure;
}

int Cli::publishTo(const std::string& url)
{
    Workspace& ws = s_.workspace();
    const bool local = url.starts_with(".") ;
    const SyncReport report = ws.publish(local ? (s_.cwdPath / url).string() : url, progressBar(err()));
    out() << "Published to " << url << " (the remote origin):\n";
    printSyncReport(out(), report, "origin");
    out() << "The others clone it with: accord clone " << url << '\n';
    return report.refused.empty() ? 0 : kExitFailure;
}

int Cli::switchTo(const std::string& name)
{
    Workspace& ws = s_.workspace();
    ws.switchTo(name);
    out() << "Switched to " << ws.currentBranch() << '\n';
    return 0;
}

int Cli::diff(const std::vector<std::string>& revs, bool json)
{
    Workspace& ws = s_.workspace();
    Snapshot before;
    Snapshot after;
    std::string afterRev;  // empty for the working tree, which has no history yet
    const std::string range = revs.size() == 1 ? revs[0] : std::string();
    if (auto dots = range.find("..."); dots != std::string::npos) {
        // git's three dots: what B changed since it left A, whatever A did since.
        const std::string a = range.substr(0, dots).empty() ? "HEAD" : range.substr(0, dots);
        const std::string b = range.substr(dots + 3).empty() ? "HEAD" : range.substr(dots + 3);
        before = ws.snapshot(ws.mergeBase(a, b));
        before.label = "where " + b + " left " + a;
        after = ws.snapshot(b);
        afterRev = b;
    } else if (auto twoDots = range.find(".."); twoDots != std::string::npos) {
        before = ws.snapshot(range.substr(0, twoDots).empty() ? "HEAD" : range.substr(0, twoDots));
        afterRev = range.substr(twoDots + 2).empty() ? "HEAD" : range.substr(twoDots + 2);
        after = ws.snapshot(afterRev);
    } else {
        before = ws.snapshot(revs.empty() ? "HEAD" : revs[0]);
        after = revs.size() == 2 ? ws.snapshot(revs[1]) : ws.workingSnapshot();
        if (revs.size() == 2) afterRev = revs[1];
        if (revs.size() == 2 && !ws.isAncestor(revs[0], revs[1]) && !ws.isAncestor(revs[1], revs[0]))
            err() << "accord: note: " << revs[0] << " has changed since " << revs[1] << " left it, and this compares the "
                  << "two texts as they are now. What " << revs[1] << " itself changes: accord diff " << revs[0] << "..."
                  << revs[1] << '\n';
    }
    auto diffs = diffSnapshots(before, after);
    if (!afterRev.empty()) markStale(diffs, ws, afterRev);
    if (json) printDiffJson(out(), diffs);
    else if (diffs.empty())
        out() << "No changes between " << before.label << " and " << after.label << ".\n";
    else
        printDiff(out(), diffs, s_.style);
    return 0;
}

int Cli::listPlugins(bool json)
{
    const auto& records = s_.plugins.plugins();
    if (json) {
        Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
        for (const auto& r : records) {
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
            o->set("id", r.id);
            o->set("version", r.version);
            o->set("apiVersion", r.apiVersion);
            o->set("state", toString(r.state));
            o->set("file", r.file.string());
            o->set("summary", r.summary);
            if (!r.error.empty()) o->set("error", r.error);
            Poco::JSON::Array::Ptr contributions = new Poco::JSON::Array;
            for (const auto& c : r.contributions) contributions->add(c);
            o->set("contributes", contributions);
            a->add(o);
        }
        Poco::JSON::Stringifier::stringify(a, out(), 2);
        out() << '\n';
        return 0;
    }
    if (records.empty()) {
        out() << "No plugins found. Searched:\n";
        for (const auto& p : PluginManager::searchPath()) out() << "  " << p.string() << '\n';
        return 0;
    }
    for (const auto& r : records) {
        const char* color = r.state == PluginRecord::State::Loaded ? "\033[32m" : "\033[31m";
        out() << (r.id.empty() ? r.file.filename().string() : r.id) << ' ' << r.version << "  "
              << s_.style.paint(toString(r.state), color);
        if (!r.summary.empty()) out() << "  " << r.summary;
        out() << '\n';
        if (!r.contributions.empty()) {
            out() << "    provides:";
            for (const auto& c : r.contributions) out() << ' ' << c << (&c == &r.contributions.back() ? "" : ",");
            out() << '\n';
        }
        if (!r.error.empty()) out() << "    " << r.file.string() << ": " << r.error << '\n';
    }
    return 0;
}

Submission Cli::loadValid(const std::string& path)
{
    return validated(s_.workspace(), s_.workspace().readFile(path), path);
}

int Cli::checkDocument(const std::string& doc, const std::string& profileId)
{
    Workspace& ws = s_.workspace();
    const std::string path = ws.resolveDocument(doc, s_.cwdPath);
    Submission submission = loadValid(path);
    const Profile& profile = profileFor(submission, profileId);
    ProfileCheck check = checkProfile(submission, profile, ws.config());
    if (ws.hasCommits()) addStaleFindings(check, staleTranslations(ws, path), submission, profile, {});
    out() << path << " against profile " << profile.id << " (" << profile.name << ")\n";
    for (const auto& [lang, n] : check.words) out() << "  words [" << lang << "]: " << n << '\n';
    for (const auto& f : check.findings)
        out() << "  " << (f.hard ? s_.style.paint("over the limit: ", "\033[31m") : std::string()) << f.message
              << (f.line ? " (line " + std::to_string(f.line) + ")" : "") << '\n';
    return check.limitBroken() ? kExitFailure : 0;
}

int Cli::translationOk(const std::string& doc, const std::string& rec, const std::string& lang)
{
    Workspace& ws = s_.workspace();
    const WorkspaceConfig config = ws.config();  // the user found is one of its users
    const User* user = actingUser(ws, config);
    if (!user)
        throw Error(ErrorKind::Invalid, "only a user of the workspace can confirm a translation: set ACCORD_USER to your "
                                        "user id (accord user list), or use a user's git email");
    const std::string path = ws.resolveDocument(doc, s_.cwdPath);
    const CommitInfo head = ws.resolve("HEAD");
    const auto confirmed = confirmTranslation(ws, path, rec, lang, head.id, Signature{user->name, user->email});
    if (!confirmed) {
        out() << "The " << lang << " text of " << rec << " is not stale at " << head.shortId << ": nothing to confirm.\n";
        return 0;
    }
    out() << "Confirmed the " << lang << " text of " << rec << " as of " << head.shortId << " (after the "
          << confirmed->changedLang << " change in " << confirmed->change.shortId << ").\n";
    return 0;
}

int Cli::exportDocuments(const ExportOptions& o)
{
    Workspace& ws = s_.workspace();
    if (o.all.empty()) {
        if (o.job.document.empty()) throw Error(ErrorKind::Invalid, "name the document to export (or --all DIR for every one)");
        if (o.job.format.empty()) throw Error(ErrorKind::Invalid, "name the --format (accord help export lists them)");
        return s_.exportDocument(o.job);
    }
    std::vector<std::string> paths;
    if (o.job.document.empty())
        paths = ws.documentFiles();
    else
        paths.push_back(ws.resolveDocument(o.job.document, s_.cwdPath));
    fs::path dir = fs::path(o.all).is_absolute() ? fs::path(o.all) : s_.cwdPath / o.all;
    fs::create_directories(dir);
    int status = 0;
    for (const auto& path : paths) {
        const std::string stem = fs::path(path).stem().string();
        for (const auto& e : s_.plugins.registries().exporters) {
            if (!o.job.format.empty() && e.item.format != o.job.format) continue;
            if (!o.job.redline.empty() && !e.item.redline) continue;
            plugin::ExportJob job = o.job;
            job.format = e.item.format;
            job.output = (dir / (stem + (job.lang.empty() ? "" : "." + job.lang) + "." + e.item.extension)).string();
            status = std::max(status, exportAt(s_, path, job));
        }
    }
    return status;
}

} // namespace

int runCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err)
{
    try {
        Cli cli(out, err);
        return cli.run(argc, argv);
    } catch (const std::exception& e) {
        err << "accord: internal error: " << e.what() << '\n';
        return kExitFailure;
    }
}

} // namespace accord::host
