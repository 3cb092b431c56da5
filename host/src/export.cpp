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
    result.check = checkProfile(doc, *result.profile, config);
    if (strict && result.check.limitBroken()) {
        result.refused = true;
        return result;
    }
    result.lang = lang;
    if (result.lang.empty())
        result.lang = result.profile->languages.size() == 1 ? result.profile->languages.front() : doc.lang;
    result.bytes = exporter.write(plugin::ExportRequest{doc, config, result.lang, result.profile});
    return result;
}

} // namespace accord::host
