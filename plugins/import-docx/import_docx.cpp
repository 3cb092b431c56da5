#include "docx_package.hpp"
#include "other_language.hpp"
#include "submission_builder.hpp"
#include "word_reader.hpp"

#include "accord/plugin/define.hpp"
#include "accord/workspace/validation.hpp"
#include "accord/workspace/workspace.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>

namespace accord::import_docx {

namespace {

using workspace::Error;
using workspace::ErrorKind;

struct Options {
    std::string file, id, lang, into, proposal;
    bool dryRun = false;
};

/// The Word comments as comments on a proposal, each on the recommendation it sits in,
/// through `accord review` itself; returns how many were posted, or throws.
std::size_t postComments(plugin::CommandContext& ctx, const std::string& proposal, const std::string& lang,
                         const workspace::Submission& doc, const std::vector<Report::Comment>& comments)
{
    std::size_t posted = 0;
    for (const auto& c : comments) {
        std::string said = "Word comment";
        if (!c.author.empty()) said += " by " + c.author;
        if (!c.date.empty()) said += " (" + c.date.substr(0, 10) + ")";
        said += ": " + c.text;
        // Anchored where the document has that recommendation; else said where it sat in the file.
        const bool anchored = !c.recommendation.empty() && doc.findRecommendation(c.recommendation);
        if (!c.recommendation.empty() && !anchored) said += " [on the file's recommendation " + c.recommendation + "]";
        std::vector<std::string> args{"review", proposal, "--comment", "-m", said};
        if (anchored) args.insert(args.end(), {"--on", c.recommendation, "--lang", lang});
        if (ctx.runCommand(args) != 0)
            throw Error(ErrorKind::Invalid, "posting a Word comment on proposal " + proposal + " failed (above); " +
                                                std::to_string(posted) + " of " + std::to_string(comments.size()) +
                                                " were posted");
        ++posted;
    }
    return posted;
}

void list(std::ostream& out, const std::string& heading, const std::vector<std::string>& items)
{
    if (items.empty()) return;
    out << heading << " (" << items.size() << "):\n";
    for (const auto& i : items) out << "  " << i << '\n';
}

std::size_t countRecommendations(const workspace::Submission& doc)
{
    std::size_t n = 0;
    for (const auto& p : workspace::walk(doc)) n += p.recommendation ? 1 : 0;
    return n;
}

int runImport(const Options& o, plugin::CommandContext& ctx)
{
    const std::filesystem::path given(o.file);
    const std::filesystem::path file = given.is_absolute() ? given : ctx.cwd() / given;
    // The file first: a file that is no Word document is refused before anything else.
    DocxPackage package = DocxPackage::open(file);
    WordDocument word = readWord(package);

    auto& ws = ctx.workspace();
    const workspace::WorkspaceConfig config = ws.config();
    const workspace::ValidationContext rules = ws.validationContext();
    std::string path;
    workspace::Submission result;
    Imported imported;
    if (!o.into.empty()) {
        path = ws.resolveDocument(o.into, ctx.cwd());
        if (auto problems = workspace::validateSubmission(ws.readFile(path), path, rules, result); !problems.empty())
            throw workspace::ValidationError(std::move(problems));
        if (!o.id.empty() && o.id != result.id)
            throw Error(ErrorKind::Invalid, "--id " + o.id + " is not the id of " + path + " (" + result.id +
                                                "): leave --id out when importing --into a document");
        imported = buildSubmission(word, {result.id, o.lang, o.file, &config, false});
        addOtherLanguage(result, imported.doc, o.lang, imported.report);
    } else {
        if (o.id.empty()) throw Error(ErrorKind::Invalid, "say which submission to make with --id ID (or add to one with --into DOC)");
        if (!validId(o.id))
            throw Error(ErrorKind::Invalid, "\"" + o.id + "\" is not a valid submission id: use 1–64 lower-case letters, "
                                            "digits and -, starting with a letter or digit");
        path = workspace::Workspace::documentPath(o.id);
        if (std::filesystem::exists(ws.root() / path))
            throw Error(ErrorKind::Exists, path + " already exists: add this file's language to it with --into " + o.id +
                                               ", or choose another --id");
        imported = buildSubmission(word, {o.id, o.lang, o.file, &config});
        result = imported.doc;
    }

    const std::string bytes = workspace::serialize(result);
    if (auto problems = workspace::validateSubmission(bytes, path, rules); !problems.empty())
        throw workspace::ValidationError(std::move(problems));
    if (!o.dryRun) ws.writeDocument(path, bytes);

    auto& out = ctx.out();
    const auto& report = imported.report;
    out << (o.dryRun ? "Would import " : "Imported ") << o.file << " (" << (o.lang == "ko" ? "Korean" : "English") << ": "
        << workspace::walk(imported.doc).size() - countRecommendations(imported.doc) << " sections, "
        << countRecommendations(imported.doc) << " recommendations, " << imported.notes << " notes) "
        << (o.into.empty() ? "as " : "into ") << path
        << (o.dryRun ? ": nothing written (--dry-run)\n" : " (accord commit records it)\n");
    list(out, "Not mapped", report.unmapped);
    if (!o.proposal.empty() && !o.dryRun) {
        const std::size_t posted = postComments(ctx, o.proposal, o.lang, result, report.anchored);
        out << "Posted " << posted << " Word comment(s) on proposal " << o.proposal << " (accord proposal show " << o.proposal
            << ")\n";
    } else {
        list(out, "Word comments, not imported (--proposal ID posts them on a proposal)", report.comments);
    }
    list(out, "Only in " + o.file + ", not added", report.onlyInFile);
    list(out, "Only in " + path + ", left without " + o.lang + " text from this file", report.onlyInDocument);
    return 0;
}

plugin::Command importCommand()
{
    return {"import", "Make a submission from a Word draft (.docx), or add a Word translation to one", [](CLI::App& app) {
                auto o = std::make_shared<Options>();
                app.add_option("FILE", o->file, "The Word document (.docx)")->required();
                app.add_option("--id", o->id, "The new submission's id, e.g. nap4-migrants (documents/ID.xml)");
                app.add_option("--lang", o->lang, "The language the file is written in: ko or en")
                    ->required()
                    ->check(CLI::IsMember({"ko", "en"}));
                app.add_option("--into", o->into,
                               "Add the file's language to this document instead, recommendation by recommendation");
                app.add_flag("-n,--dry-run", o->dryRun, "Print the report and write nothing");
                app.add_option("--proposal", o->proposal,
                               "Post the file's Word comments on this proposal, each on the recommendation it sits in");
                app.footer("Headings become sections; numbered paragraphs, paragraphs with a bold lead-in and bold lines\n"
                           "of their own recommendations; \"Rationale:\" starts a rationale; footnotes become notes,\n"
                           "italics emphasis, bold strong, hyperlinks links. A file exported by Accord gives back its\n"
                           "ids, facts and endorsing organisations. Everything else is listed in the report.");
                return [o](plugin::CommandContext& ctx) { return runImport(*o, ctx); };
            }};
}

} // namespace

class ImportDocxPlugin final : public plugin::Plugin {
public:
    void registerWith(plugin::Registrar& registrar) override { registrar.addCommand(importCommand()); }
};

} // namespace accord::import_docx

ACCORD_PLUGIN(accord::import_docx::ImportDocxPlugin, "Imports Word (DOCX) drafts as submissions")
