#include "accord/host/export.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/strings.hpp"

namespace accord::host {

using namespace accord::workspace;

const Profile& profileFor(const Submission& doc, const std::string& requested)
{
    const std::string id = !requested.empty() ? requested : doc.meta.profile.value_or("generic");
    if (const Profile* p = findBuiltinProfile(id)) return *p;
    std::vector<std::string> known;
    for (const auto& p : builtinProfiles()) known.push_back(p.id);
    throw Error(ErrorKind::NotFound, "no profile \"" + id + "\" (known: " + join(known) + ")");
}

ExportResult exportSubmission(const Submission& doc, const WorkspaceConfig& config, const plugin::Exporter& exporter,
                              const std::string& lang, const std::string& profileId, bool strict)
{
    ExportResult result;
    result.profile = &profileFor(doc, profileId);
    result.lang = lang;
    if (result.lang.empty())
        result.lang = result.profile->languages.size() == 1 ? result.profile->languages.front() : doc.lang;
    result.check = checkProfile(doc, *result.profile, config);
    // What this export prints in another language is named whatever the profile's languages.
    std::erase_if(result.check.findings, [](const ProfileCheck::Finding& f) { return f.fallback; });
    // Both languages side by side: what either column lacks.
    for (const auto& l : result.lang == "both" ? config.languages : std::vector<std::string>{result.lang})
        for (auto& f : fallbacks(doc, config, l)) result.check.findings.push_back(std::move(f));
    if (strict && (result.check.limitBroken() || result.check.fallsBack())) {
        result.refused = true;
        return result;
    }
    result.bytes = exporter.write(plugin::ExportRequest{doc, config, result.lang, result.profile});
    return result;
}

} // namespace accord::host
