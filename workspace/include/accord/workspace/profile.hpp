#pragma once

#include "accord/workspace/config.hpp"
#include "accord/workspace/document.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::workspace {

/// A submission profile: what a recipient asks of the exported text. Data, not
/// code (schemas/profiles/*.xml, schema profile-1.xsd): limits change.
struct Profile {
    std::string id;
    std::string name;
    std::vector<std::string> languages;  ///< the languages to export, e.g. {"en"} or {"ko"}
    std::string numbering = "recommendations";  ///< also "paragraphs": every paragraph numbered (UN style)
    std::optional<int> wordLimit;        ///< a hard limit, per language
    bool footnotesCount = true;          ///< footnotes count toward the limit
    bool jointSubmittersAtTop = false;   ///< every coalition member named at the top
    std::string markers = "decimal";     ///< "decimal" (1., 1.1.) or "korean" (1. → 가. → 1) → 가))
    std::string dateStyle = "iso";       ///< "iso" (2018-05-03) or "korean" (2018. 5. 3.)
    std::string closing;                 ///< a closing line, e.g. "끝."
    std::string pageSize = "A4";         ///< "A4" or "Letter"
    bool refuseStale = false;            ///< export refuses a stale translation (else warns)

    /// A date (YYYY-MM-DD) in the profile's style.
    [[nodiscard]] std::string formatDate(std::string_view isoDate) const;
    /// The item marker of the `index`-th (0-based) item at `level` (0 = top).
    [[nodiscard]] std::string marker(std::size_t level, std::size_t index) const;
};

/// Parses a profile; throws Error(Invalid) naming `file` and line when it breaks profile-1.xsd.
[[nodiscard]] Profile parseProfile(std::string_view xml, std::string_view file);

/// The profiles shipped with Accord: generic, upr-individual, upr-joint, ccpr, nap-kr.
[[nodiscard]] const std::vector<Profile>& builtinProfiles();
[[nodiscard]] const Profile* findBuiltinProfile(std::string_view id);

/// What a profile says of a document before it is exported.
struct ProfileCheck {
    struct Finding {
        bool hard = false;  ///< breaks a hard limit: export --strict and check refuse
        int line = 0;
        std::string message;
        bool fallback = false;  ///< a text the export prints in another language: export --strict refuses
        bool warn = false;      ///< export warns of it too (an empty section, printed as a bare heading)
        bool stale = false;     ///< a translation left behind: export warns, --strict (or the profile) refuses
        std::string part{};     ///< the recommendation concerned, when there is one (stale findings)
        std::string lang{};     ///< the language concerned (stale findings)
        /// What the finding says, for a reader in another language than `message`'s English:
        /// words.over, words.under, fallback (args: what, id, lang, other…), addressee.words,
        /// section.empty, rec.draft, stale; with the values it names.
        std::string kind{};
        std::map<std::string, std::string> args{};
    };
    std::vector<std::pair<std::string, std::size_t>> words;  ///< per exported language
    std::vector<Finding> findings;

    [[nodiscard]] bool limitBroken() const;
    [[nodiscard]] bool fallsBack() const;
    [[nodiscard]] bool hasStale() const;
};

/// Every text a reader of the `lang` export would see in another language because
/// it has none in `lang`: the document's title, headings, intros, recommendations'
/// titles, texts and rationales, and the names of the organisations it names. One
/// finding each, with its line, saying which language is printed instead.
[[nodiscard]] std::vector<ProfileCheck::Finding> fallbacks(const Submission& doc, const WorkspaceConfig& config,
                                                           const std::string& lang);

/// Checks `doc` against `profile`: words per language against the limit (and by
/// how much), every fallback to another language (missing translations and
/// organisation names), recommendations still in draft, and empty sections.
[[nodiscard]] ProfileCheck checkProfile(const Submission& doc, const Profile& profile, const WorkspaceConfig& config);

/// The same, naming what falls back in each of the `printed` languages (an export's, rather than the profile's).
[[nodiscard]] ProfileCheck checkProfile(const Submission& doc, const Profile& profile, const WorkspaceConfig& config,
                                        const std::vector<std::string>& printed);

/// checkProfile for a document read a top-level section at a time (SubmissionStream): its
/// head, then each section in order, then `finish`, which gives what checkProfile gives.
class ProfileChecker {
public:
    ProfileChecker(const Submission& head, const Profile& profile, const WorkspaceConfig& config,
                   const std::vector<std::string>& printed);
    ~ProfileChecker();
    ProfileChecker(const ProfileChecker&) = delete;
    ProfileChecker& operator=(const ProfileChecker&) = delete;

    /// The `number`th top-level section (from 1) and all it holds.
    void section(const Section& top, std::size_t number);
    [[nodiscard]] ProfileCheck finish();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Words as Word counts them: runs of non-space characters, in one language's
/// titles, headings, intros, texts, rationales and responses (and footnotes when asked).
[[nodiscard]] std::size_t countWords(const Submission& doc, std::string_view lang, bool withFootnotes);

} // namespace accord::workspace
