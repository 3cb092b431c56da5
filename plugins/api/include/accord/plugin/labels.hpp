#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

/// The words every exporter puts around a submission's content, in English and
/// Korean: one vocabulary, so a Word, Hangul and Markdown export read alike.
namespace accord::plugin {

struct Labels {
    const char* recommendation;
    const char* process;
    const char* to;
    const char* deadline;
    const char* coalition;
    const char* lead;
    const char* withdrawn;
    const char* rationale;
    const char* addressedTo;
    const char* references;
    const char* endorsedBy;
    const char* response;
};

inline constexpr Labels kEnglishLabels{"Recommendation", "Process", "To", "Deadline", "Submitted jointly by", "lead",
                                       "withdrawn", "Rationale", "Addressed to", "References", "Endorsed by", "Response"};
inline constexpr Labels kKoreanLabels{"권고", "절차", "수신", "제출 기한", "공동 제출 단체", "대표",
                                      "철회", "근거", "소관 기관", "관련 기준", "지지 단체", "정부 답변"};

/// The labels of `lang`: Korean for "ko", English otherwise.
[[nodiscard]] inline const Labels& labelsFor(std::string_view lang)
{
    return lang == "ko" ? kKoreanLabels : kEnglishLabels;
}

namespace detail {

template <std::size_t N>
using Names = std::array<std::pair<std::string_view, std::array<std::string_view, 2>>, N>;

inline constexpr Names<8> kRefKinds{{{"gcm-objective", {"GCM objective", "GCM 목표"}},
                                  {"sdg", {"SDG", "SDG"}},
                                  {"treaty", {"Treaty", "조약"}},
                                  {"nap-chapter", {"NAP chapter", "NAP 장"}},
                                  {"upr-recommendation", {"UPR recommendation", "UPR 권고"}},
                                  {"concluding-observation", {"Concluding observations", "최종견해"}},
                                  {"law", {"Law", "법령"}},
                                  {"other", {"", ""}}}};

inline constexpr Names<5> kPositions{{{"accepted", {"accepted", "수용"}},
                                      {"partially-accepted", {"partially accepted", "일부 수용"}},
                                      {"noted", {"noted", "유의"}},
                                      {"rejected", {"rejected", "불수용"}},
                                      {"pending", {"pending", "검토 중"}}}};

template <std::size_t N>
std::string_view nameIn(const Names<N>& names, std::string_view key, std::string_view lang, std::string_view fallback)
{
    for (const auto& [k, words] : names)
        if (k == key) return words[lang == "ko" ? 1 : 0];
    return fallback;
}

} // namespace detail

/// What a ref's kind is called before its text ("Treaty", "조약"); empty for `other`
/// and for kinds it does not know.
[[nodiscard]] inline std::string_view refKindName(std::string_view kind, std::string_view lang)
{
    return detail::nameIn(detail::kRefKinds, kind, lang, {});
}

/// A government response's position in words ("partially accepted", "일부 수용");
/// the value itself when it is not one it knows.
[[nodiscard]] inline std::string_view positionName(std::string_view position, std::string_view lang)
{
    return detail::nameIn(detail::kPositions, position, lang, position);
}

} // namespace accord::plugin
