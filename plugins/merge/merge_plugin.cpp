#include "conflicts.hpp"
#include "merge_engine.hpp"
#include "merge_routes.hpp"

#include "accord/plugin/define.hpp"
#include "accord/workspace/files.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/strings.hpp"
#include "accord/workspace/workspace.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <unistd.h>

namespace accord::merge {

namespace {

using workspace::Error;
using workspace::ErrorKind;

workspace::DocumentMergeResult mergeDocument(const workspace::MergeSides& sides, const workspace::MergeLabels& labels,
                                             const std::string& path)
{
    auto outcome = mergeSubmissions(sides.base, sides.ours, sides.theirs, Labels{labels.ours, labels.base, labels.theirs}, path);
    return {std::move(outcome.merged), outcome.conflicts};
}

plugin::Command mergeFileCommand()
{
    return {"merge-file", "Three-way merge of one document, as git merge-file (exit status: conflicts)",
            [](CLI::App& app) {
                struct Options {
                    bool print = false;
                    std::string output;
                    std::vector<std::string> labels;
                    std::string ours, base, theirs;
                };
                auto o = std::make_shared<Options>();
                app.add_flag("-p,--stdout", o->print, "Print the result instead of writing it into OURS");
                app.add_option("-o,--output", o->output, "Write the result to this file instead of OURS");
                app.add_option("-L", o->labels, "Labels for ours, base and theirs, in that order (up to three -L)")
                    ->expected(1)
                    ->take_all();
                app.add_option("OURS", o->ours, "Our version; the result is written here by default")->required();
                app.add_option("BASE", o->base, "The common ancestor (an empty file: none)")->required();
                app.add_option("THEIRS", o->theirs, "Their version")->required();
                app.footer("Exit status: the number of conflicts (at most 127), 0 when clean, 255 on error.\n"
                           "Used by git as the merge driver of documents/*.xml (set by accord init).");
                return [o](plugin::CommandContext& ctx) {
                    try {
                        if (o->labels.size() > 3) throw Error(ErrorKind::Invalid, "at most three -L labels: ours, base, theirs");
                        Labels labels;
                        if (o->labels.size() > 0) labels.ours = o->labels[0];
                        if (o->labels.size() > 1) labels.base = o->labels[1];
                        if (o->labels.size() > 2) labels.theirs = o->labels[2];
                        auto at = [&](const std::string& p) {
                            std::filesystem::path path(p);
                            return path.is_absolute() ? path : ctx.cwd() / path;
                        };
                        auto outcome = mergeFiles(at(o->ours), at(o->base), at(o->theirs), labels,
                                                  SideFiles{o->ours, o->base, o->theirs});
                        if (o->print)
                            ctx.out().write(outcome.merged.data(), static_cast<std::streamsize>(outcome.merged.size()));
                        else
                            workspace::writeFileAtomically(at(o->output.empty() ? o->ours : o->output), outcome.merged);
                        return std::min(outcome.conflicts, 127);
                    } catch (const std::exception& e) {
                        ctx.err() << "accord merge-file: " << e.what() << '\n';
                        return 255;
                    }
                };
            }};
}

plugin::Command mergeCommand()
{
    return {"merge", "Merge a draft into the current draft (or --into another), recommendation by recommendation",
            [](CLI::App& app) {
                struct Options {
                    std::string source, into, message;
                };
                auto o = std::make_shared<Options>();
                app.add_option("DRAFT", o->source, "The draft (or main, or a commit) to merge from")->required();
                app.add_option("--into", o->into, "The draft to merge into (default: the current one)");
                app.add_option("-m,--message", o->message, "The merge commit's message");
                app.footer("Conflicts are committed on the target draft as <conflict> elements (never on main):\n"
                           "accord conflicts lists them, accord resolve settles each. Exit status 1 while any remain.");
                return [o](plugin::CommandContext& ctx) {
                    auto& ws = ctx.workspace();
                    auto result = ws.merge(o->source, o->into, mergeDocument, ws.defaultAuthor(), o->message);
                    if (result.upToDate) {
                        ctx.out() << result.target << " already contains " << result.source << ": nothing to merge.\n";
                        return 0;
                    }
                    ctx.out() << "Merged " << result.source << " into " << result.target << " ("
                              << result.commit->shortId << ")\n";
                    for (const auto& [path, conflicts] : result.documents)
                        ctx.out() << "  " << path << ": "
                                  << (conflicts == 0 ? std::string("merged cleanly") : std::to_string(conflicts) + " conflict(s)")
                                  << '\n';
                    if (result.conflicts == 0) return 0;
                    ctx.out() << result.conflicts << " conflict(s) to resolve: accord conflicts lists them, "
                              << "accord resolve DOC ID --take ours|theirs|base|both settles one.\n";
                    return 1;
                };
            }};
}

plugin::Command conflictsCommand()
{
    return {"conflicts", "List the unresolved conflicts in the documents", [](CLI::App& app) {
                auto files = std::make_shared<std::vector<std::string>>();
                app.add_option("DOC", *files, "Documents to look in (default: all)");
                return [files](plugin::CommandContext& ctx) {
                    auto& ws = ctx.workspace();
                    std::vector<std::string> paths;
                    if (files->empty())
                        paths = ws.documentFiles();
                    else
                        for (const auto& f : *files) paths.push_back(ws.resolveDocument(f, ctx.cwd()));
                    std::size_t total = 0;
                    for (const auto& path : paths) {
                        for (const auto& c : listConflicts(ws.readFile(path))) {
                            ++total;
                            ctx.out() << path << ':' << c.line << ": " << c.id;
                            if (!c.where.empty()) ctx.out() << " in " << c.where;
                            if (!c.attribute.empty()) ctx.out() << " (attribute " << c.attribute << ')';
                            // In a sentence, each side's whole sentence; elsewhere, what each side holds.
                            const bool sentence = !c.oursSentence.empty() || !c.theirsSentence.empty();
                            ctx.out() << "\n    base:   " << (sentence ? (c.baseSentence.empty() ? "(absent)" : c.baseSentence) : c.base)
                                      << "\n    ours:   " << (sentence ? c.oursSentence : c.ours) << "  [" << c.oursLabel
                                      << "]\n    theirs: " << (sentence ? c.theirsSentence : c.theirs) << "  [" << c.theirsLabel
                                      << "]\n";
                        }
                    }
                    if (total == 0) ctx.out() << "No conflicts.\n";
                    return 0;
                };
            }};
}

/// Opens the user's editor ($VISUAL, $EDITOR, else vi) on what a conflict's text
/// should be, starting from ours; returns what was saved, without the comment lines.
std::string editResolution(const std::filesystem::path& cwd, const std::string& path, const ConflictInfo& c)
{
    if (c.editable.empty() && c.ours != "(absent)" && c.ours != "(nothing)")
        throw Error(ErrorKind::Invalid, c.id + " is over whole sections or recommendations: take a side with --take, then edit");
    const char* editor = std::getenv("VISUAL");
    if (!editor || !*editor) editor = std::getenv("EDITOR");
    if (!editor || !*editor) editor = "vi";
    char name[] = "/tmp/accord-resolve-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) throw Error(ErrorKind::Io, "cannot make a temporary file for the editor");
    ::close(fd);
    const std::filesystem::path file = name;
    std::ostringstream text;
    text << "# " << c.id << " in " << path << (c.where.empty() ? "" : " (" + c.where + ")") << '\n'
         << "#   base:   " << (c.baseSentence.empty() ? c.base : c.baseSentence) << '\n'
         << "#   ours:   " << (c.oursSentence.empty() ? c.ours : c.oursSentence) << "  [" << c.oursLabel << "]\n"
         << "#   theirs: " << (c.theirsSentence.empty() ? c.theirs : c.theirsSentence) << "  [" << c.theirsLabel << "]\n"
         << "# Write below what should stand in its place (ours to start with); lines starting\n"
         << "# with # are left out; a blank line separates paragraphs. Save an empty text to give up.\n"
         << c.editable << '\n';
    workspace::writeFileAtomically(file, text.str());
    const std::string command = std::string(editor) + " '" + file.string() + "'";
    const int rc = std::system(("cd '" + cwd.string() + "' && " + command).c_str());
    std::string saved;
    try {
        saved = workspace::readFile(file);
    } catch (const Error&) {
    }
    std::filesystem::remove(file);
    if (rc != 0) throw Error(ErrorKind::Invalid, "the editor (" + std::string(editor) + ") failed: nothing was changed");
    std::string kept;
    std::istringstream lines(saved);
    for (std::string line; std::getline(lines, line);)
        if (!line.starts_with("#")) kept += line + '\n';
    if (kept.find_first_not_of(" \t\n") == std::string::npos) throw Error(ErrorKind::Invalid, "nothing was written: nothing was changed");
    return kept;
}

plugin::Command resolveCommand()
{
    return {"resolve", "Settle one conflict: take ours, theirs, base or both, or write the text yourself", [](CLI::App& app) {
                struct Options {
                    std::string doc, id, take, text;
                    bool edit = false;
                };
                auto o = std::make_shared<Options>();
                app.add_option("DOC", o->doc, "The document (a submission id or file)")->required();
                app.add_option("CONFLICT-ID", o->id, "The conflict, e.g. c1 (accord conflicts lists them)")->required();
                auto* take = app.add_option("--take", o->take, "Which side: ours, theirs, base, or both (ours then theirs)")
                                 ->check(CLI::IsMember({"ours", "theirs", "base", "both"}));
                auto* text = app.add_option("--text", o->text, "Your own text in its place: the sentence's words, the value, "
                                                               "the title, or paragraphs separated by a blank line");
                auto* edit = app.add_flag("--edit", o->edit, "Write your own text in your editor ($VISUAL, $EDITOR), from ours");
                take->excludes(text, edit);
                text->excludes(edit);
                app.footer("A conflict over whole sections or recommendations is settled with --take; edit the\n"
                           "part afterwards if neither side is right.");
                return [o](plugin::CommandContext& ctx) {
                    if (o->take.empty() && o->text.empty() && !o->edit)
                        throw Error(ErrorKind::Invalid, "say how: --take ours|theirs|base|both, --text \"…\", or --edit");
                    auto& ws = ctx.workspace();
                    const std::string path = ws.resolveDocument(o->doc, ctx.cwd());
                    const std::string before = ws.readFile(path);
                    std::string resolved;
                    std::string how;
                    if (!o->take.empty()) {
                        resolved = resolveConflict(before, path, o->id, o->take);
                        how = "took " + o->take;
                    } else {
                        std::string own = o->text;
                        if (o->edit) {
                            auto all = listConflicts(before);
                            auto it = std::find_if(all.begin(), all.end(), [&](const ConflictInfo& c) { return c.id == o->id; });
                            if (it == all.end())
                                throw Error(ErrorKind::NotFound, path + " has no conflict \"" + o->id + "\" (accord conflicts lists them)");
                            own = editResolution(ctx.cwd(), path, *it);
                        }
                        if (workspace::invalidUtf8At(own) != std::string::npos)
                            throw Error(ErrorKind::Invalid, "the text is not valid UTF-8: nothing was changed");
                        resolved = resolveConflictWith(before, path, o->id, own);
                        how = "your text";
                    }
                    ws.writeDocument(path, resolved);
                    auto left = listConflicts(resolved).size();
                    ctx.out() << "Resolved " << o->id << " in " << path << " (" << how << "); ";
                    if (left == 0)
                        ctx.out() << "no conflicts left: accord validate, then accord commit.\n";
                    else
                        ctx.out() << left << " left.\n";
                    return 0;
                };
            }};
}

class MergePlugin final : public plugin::Plugin {
public:
    void registerWith(plugin::Registrar& registrar) override
    {
        registrar.addMerger({"structured", "Three-way merge over sections, recommendations, languages and words",
                             mergeDocument});
        registrar.addCommand(mergeFileCommand());
        registrar.addCommand(mergeCommand());
        registrar.addCommand(conflictsCommand());
        registrar.addCommand(resolveCommand());
        for (auto& route : routes(mergeDocument)) registrar.addRoute(std::move(route));
    }
};

} // namespace

} // namespace accord::merge

ACCORD_PLUGIN(accord::merge::MergePlugin, "Structured three-way merge of coalition drafts")
