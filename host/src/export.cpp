#include "accord/host/export.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/history.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/validation.hpp"
#include "accord/workspace/workspace.hpp"

#include <ctime>
#include <exception>
#include <optional>

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

ExportResult exportSubmission(const SubmissionParts& doc, const WorkspaceConfig& config, const plugin::Exporter& exporter,
                              const std::string& lang, const std::string& profileId, bool strict,
                              const std::vector<StaleTranslation>& stale, const plugin::Redline* redline)
{
    if (redline && !exporter.redline)
        throw Error(ErrorKind::Invalid, "the " + exporter.format + " export cannot show changes: --redline needs a format "
                                        "with tracked changes (docx)");
    ExportResult result;
    result.profile = &profileFor(doc.head, profileId);
    result.lang = lang;
    if (result.lang.empty())
        result.lang = result.profile->languages.size() == 1 ? result.profile->languages.front() : doc.head.lang;
    if (redline && result.lang == "both")
        throw Error(ErrorKind::Invalid, "a redline shows one language: export it with --lang ko or --lang en");
    // The profile is checked on the writer's first pass over the sections, each read once for both. What this
    // export prints in another language is named whatever the profile's languages; both languages side by side:
    // what either column lacks.
    std::optional<ProfileChecker> checker;
    SectionPasses pass(doc.forEachSection, [&] {
        checker.emplace(doc.head, *result.profile, config,
                        result.lang == "both" ? config.languages : std::vector<std::string>{result.lang});
        return SectionVisitor([&](const Section& s, std::size_t number) { checker->section(s, number); });
    });
    std::string written;
    std::exception_ptr writeError;
    try {
        plugin::ExportRequest request{doc.head, config, result.lang, result.profile, redline};
        request.sections = [&](const SectionVisitor& visit) { pass(visit); };
        written = exporter.write(request);
    } catch (...) {
        writeError = std::current_exception();  // a refusal says more
    }
    pass.finish();
    result.check = checker->finish();
    addStaleFindings(result.check, stale, doc.head, *result.profile, result.lang);
    if ((strict && (result.check.limitBroken() || result.check.fallsBack() || result.check.hasStale())) ||
        (result.profile->refuseStale && result.check.hasStale())) {
        result.refused = true;
        return result;
    }
    if (writeError) std::rethrow_exception(writeError);
    result.bytes = std::move(written);
    return result;
}

ExportResult exportSubmission(const Submission& doc, const WorkspaceConfig& config, const plugin::Exporter& exporter,
                              const std::string& lang, const std::string& profileId, bool strict,
                              const std::vector<StaleTranslation>& stale, const plugin::Redline* redline)
{
    return exportSubmission(SubmissionParts{doc,
                                            [&](const SectionVisitor& visit) {
                                                for (std::size_t i = 0; i < doc.sections.size(); ++i) visit(doc.sections[i], i + 1);
                                            }},
                            config, exporter, lang, profileId, strict, stale, redline);
}

void addStaleFindings(ProfileCheck& check, const std::vector<StaleTranslation>& stale, const Submission& doc,
                      const Profile& profile, const std::string& lang)
{
    for (const auto& s : stale) {
        if (!lang.empty() && lang != "both" && s.lang != lang) continue;
        ProfileCheck::Finding f;
        f.line = s.line;
        f.message = describe(s, doc.id) + (profile.refuseStale ? " (the " + profile.id + " profile refuses to export it)" : "");
        f.warn = true;
        f.stale = true;
        f.part = s.rec;
        f.lang = s.lang;
        f.kind = "stale";
        f.args = {{"id", s.rec},
                  {"lang", s.lang},
                  {"changed", s.changedLang},
                  {"commit", s.change.shortId},
                  {"author", s.change.author.name},
                  {"summary", s.change.summary()}};
        if (profile.refuseStale) f.args.emplace("refusedBy", profile.id);
        check.findings.push_back(std::move(f));
    }
}

RevisionRange parseRange(const Workspace& ws, const std::string& range)
{
    auto side = [&](std::string_view rev) { return ws.resolve(rev.empty() ? "HEAD" : rev).id; };
    if (auto dots = range.find("..."); dots != std::string::npos) {
        const std::string to = side(range.substr(dots + 3));
        return RevisionRange{ws.mergeBase(side(range.substr(0, dots)), to), to};
    }
    if (auto dots = range.find(".."); dots != std::string::npos)
        return RevisionRange{side(range.substr(0, dots)), side(range.substr(dots + 2))};
    throw Error(ErrorKind::Invalid, "\"" + range + "\" is not a range: write FROM..TO, e.g. main..draft/kfm-edits");
}

plugin::Redline redlineOf(const Workspace& ws, const std::string& path, const Submission& after,
                          const RevisionRange& range)
{
    auto authorOf = [](const CommitInfo& c) {
        char date[32];
        const std::time_t t = static_cast<std::time_t>(c.time);
        std::tm utc{};
        gmtime_r(&t, &utc);
        std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &utc);
        return plugin::Redline::Author{c.author.name, date};
    };
    plugin::Redline redline;
    if (const auto bytes = ws.fileAt(range.from, path)) {
        if (auto problems = validateSubmission(*bytes, path + " at " + range.from.substr(0, 8), ws.validationContext(),
                                               redline.before);
            !problems.empty())
            throw ValidationError(std::move(problems));
    } else {
        redline.before.id = after.id;
        redline.before.lang = after.lang;
    }
    for (const auto& [id, commit] : lastChanges(ws, path, range.from, range.to)) redline.authors.emplace(id, authorOf(commit));
    redline.fallback = authorOf(ws.resolve(range.to));
    return redline;
}

} // namespace accord::host
