#pragma once

#include "accord/workspace/config.hpp"
#include "accord/workspace/document.hpp"
#include "accord/workspace/document_stream.hpp"
#include "accord/workspace/merge.hpp"
#include "accord/workspace/profile.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spdlog {
class logger;
}
namespace CLI {
class App;
}
namespace accord::workspace {
class Workspace;
}

/// The plugin SDK: what a plugin sees of the host, and what it gives back.
/// Plugins contribute through the registrar only; they never include host code
/// or another plugin.
namespace accord::plugin {

/// Bumped whenever this header changes in a way that breaks built plugins.
inline constexpr int kApiVersion = 6;

/// The Accord this SDK belongs to. The API hands plugins the workspace library's
/// own types, whose layout any release may change: the host takes only plugins
/// built against its exact version.
inline constexpr const char* kAccordVersion = ACCORD_SDK_VERSION;

/// Read by the host through `accord_plugin_info()` before any of the plugin's
/// classes are created; plain data so that reading it runs no plugin C++.
/// `apiVersion` stays the first field: the host reads it before the rest.
struct PluginInfo {
    int apiVersion;
    const char* id;
    const char* version;
    const char* summary;
    const char* accordVersion;  ///< kAccordVersion as the plugin was built
};

/// The changes from an older version of the document to the one exported, to be
/// shown as tracked changes: `accord export --redline FROM..TO`.
struct Redline {
    struct Author {
        std::string name;
        std::string date;  ///< ISO 8601 in UTC, e.g. 2026-11-28T09:30:00Z
    };
    workspace::Submission before;
    /// Who made each part's change and when: by section or recommendation id, "" for
    /// the cover (titles, process, addressees); `fallback` for a part not listed.
    std::map<std::string, Author> authors;
    Author fallback;
    [[nodiscard]] const Author& authorOf(const std::string& partId) const
    {
        auto it = authors.find(partId);
        return it == authors.end() ? fallback : it->second;
    }
};

/// What an exporter is asked to write.
struct ExportRequest {
    /// The document; when `sections` is set, its head only (id, language, meta), its
    /// sections coming through forEachSection.
    const workspace::Submission& document;
    const workspace::WorkspaceConfig& workspace;  ///< organisation names and more
    /// The language to export: "en", "ko", or "both" (side by side where the format
    /// can, else one after the other); empty means the document's own.
    std::string lang;
    /// The recipient's profile (numbering, markers, dates, page size…); never null.
    const workspace::Profile* profile = nullptr;
    /// Set when the exporter can show changes (Exporter::redline) and they were asked for.
    const Redline* redline = nullptr;
    /// Set when the document is read a top-level section at a time (a large one is never
    /// whole in memory): hands each section in turn to the visitor, parsing it again on
    /// every pass. Exporters go through forEachSection, which takes either.
    std::function<void(const workspace::SectionVisitor&)> sections{};

    /// Each top-level section in document order with its number (from 1): from `sections`
    /// when set, else from the document. A section is gone once the visitor returns.
    void forEachSection(const workspace::SectionVisitor& visit) const
    {
        if (sections) {
            sections(visit);
            return;
        }
        for (std::size_t i = 0; i < document.sections.size(); ++i) visit(document.sections[i], i + 1);
    }

    /// Every section and recommendation in document order, as workspace::walk gives them, a
    /// top-level section at a time.
    void forEachPart(const std::function<void(const workspace::Located&)>& visit) const
    {
        forEachSection([&](const workspace::Section& top, std::size_t number) {
            for (const auto& part : workspace::walk(top, number)) visit(part);
        });
    }
};

/// An export format, e.g. Markdown: `accord export DOC --format md`.
struct Exporter {
    std::string format;     ///< what users type after --format
    std::string extension;  ///< file extension without the dot
    std::string mediaType;
    std::string summary;
    /// Returns the exported file's bytes; throws workspace::Error on input it cannot export.
    std::function<std::string(const ExportRequest&)> write;
    bool redline = false;  ///< shows ExportRequest::redline as tracked changes
};

/// A structured merge of documents, e.g. the merge plugin's; `accord merge` and
/// `accord land` reach it through the host's registry.
struct Merger {
    std::string id;
    std::string summary;
    workspace::DocumentMerger merge;
};

/// One export as `accord export` makes it, for a command that exports.
struct ExportJob {
    std::string document;  ///< a submission id or file
    std::string format;
    std::string lang;      ///< empty: the profile's or document's
    std::string profile;   ///< empty: the document's
    std::string output;    ///< a file (relative to cwd), or empty / "-" for standard output
    bool strict = false;
    /// "FROM..TO": the document at TO with its changes since FROM as tracked changes.
    std::string redline;
};

/// What a plugin command gets when it runs.
class CommandContext {
public:
    virtual ~CommandContext() = default;
    /// The workspace around the current folder; throws workspace::Error(NotFound) outside one.
    virtual workspace::Workspace& workspace() = 0;
    /// The folder the user ran accord in (or named with -C): where relative paths start.
    [[nodiscard]] virtual std::filesystem::path cwd() const = 0;
    virtual std::ostream& out() = 0;
    virtual std::ostream& err() = 0;
    [[nodiscard]] virtual bool color() const = 0;
    /// A merger from the host's registry by id (the first registered when `id` is empty), or null.
    [[nodiscard]] virtual const Merger* findMerger(std::string_view id = {}) const = 0;
    /// Exports as `accord export` does, warnings on err(); returns the exit status.
    virtual int exportDocument(const ExportJob& job) = 0;
    /// Runs another accord command as the person would type it, e.g. {"review", "3f9a",
    /// "--comment", "-m", "…"}, in the same folder and writing to the same streams: how a
    /// command reaches what another plugin does without a second implementation of it.
    /// Returns its exit status.
    virtual int runCommand(const std::vector<std::string>& args) = 0;
};

/// A subcommand of `accord`.
struct Command {
    std::string name;
    std::string summary;
    /// Declares the options on the command's CLI11 app (include <CLI/CLI.hpp> in the
    /// plugin's source) and returns what runs when the command is chosen; its result
    /// is the exit status.
    std::function<std::function<int(CommandContext&)>(CLI::App&)> define;
};

/// Who may call an HTTP route; the host checks it before the handler runs, and a
/// route cannot be registered without one. Roles are those of `accord.xml` on
/// main; an admin holds every role.
enum class Access {
    Public,    ///< anyone, signed in or not (sign-in itself)
    Reader,    ///< anyone signed in
    Drafter,   ///< a drafter: writes drafts of their own organisation, opens proposals
    Reviewer,  ///< a reviewer: approves, requests changes
    Admin,     ///< an admin
};

/// What an HTTP handler gets: the request, the signed-in person, and the
/// workspace opened for this request alone (never its working tree: handlers
/// read revisions and write with Workspace::commitTo, editDocument, records).
class RouteContext {
public:
    virtual ~RouteContext() = default;
    /// Writes are signed with the server's key, trusted in accord.xml for its users.
    virtual workspace::Workspace& workspace() = 0;
    /// `accord.xml` as committed on main now: who the users are and what they may do.
    [[nodiscard]] virtual const workspace::WorkspaceConfig& config() const = 0;
    /// The signed-in person; null only on Public routes.
    [[nodiscard]] virtual const workspace::User* user() const = 0;
    /// The user, who must be signed in; the commit and record author they write as.
    [[nodiscard]] virtual const workspace::User& requireUser() const = 0;
    /// Throws Error(Forbidden) unless the signed-in person may write on `branch`
    /// (drafts named after their organisation; an admin any draft), and
    /// Error(NotFound) when there is no such branch: the host's one rule.
    virtual void requireWritable(const std::string& branch) const = 0;
    /// A `{name}` of the route's pattern, already checked to be a plain id (no `/`, `..`, NUL or markup).
    [[nodiscard]] virtual std::string param(std::string_view name) const = 0;
    [[nodiscard]] virtual std::optional<std::string> query(std::string_view name) const = 0;
    [[nodiscard]] virtual std::optional<std::string> header(std::string_view name) const = 0;
    /// The request body (within the server's size limit).
    [[nodiscard]] virtual const std::string& body() const = 0;
    /// The client's IP address, as the socket saw it: for sign-in limits and logs.
    [[nodiscard]] virtual std::string peer() const = 0;
    /// The session cookie's value, empty when the request carries none.
    [[nodiscard]] virtual std::string sessionToken() const = 0;
    /// "ko" or "en", from Accept-Language: the language of messages.
    [[nodiscard]] virtual std::string_view lang() const = 0;
    [[nodiscard]] virtual const Merger* findMerger(std::string_view id = {}) const = 0;
    [[nodiscard]] virtual std::vector<const Exporter*> exporters() const = 0;
};

/// What a handler answers. Failures are thrown as workspace::Error (or
/// ValidationError): the host maps their kind to a status and writes the problem.
struct HttpResponse {
    int status = 200;
    std::string contentType = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// An HTTP route under the server's root, e.g. GET /api/v1/proposals/{id}.
struct Route {
    std::string method;   ///< GET, POST, PUT, PATCH or DELETE
    std::string pattern;  ///< literal segments and `{name}` segments
    Access access;
    std::string summary;
    std::function<HttpResponse(RouteContext&)> handle;
};

/// The host's registries, as a plugin sees them while it registers.
class Registrar {
public:
    virtual ~Registrar() = default;
    virtual void addExporter(Exporter exporter) = 0;
    virtual void addCommand(Command command) = 0;
    virtual void addMerger(Merger merger) = 0;
    virtual void addRoute(Route route) = 0;
    /// The plugin's own logger, named after its id; level set by the host.
    [[nodiscard]] virtual std::shared_ptr<spdlog::logger> logger() = 0;
};

/// The one class a plugin exports (see ACCORD_PLUGIN in define.hpp).
class Plugin {
public:
    virtual ~Plugin() = default;
    virtual void registerWith(Registrar& registrar) = 0;
};

} // namespace accord::plugin
