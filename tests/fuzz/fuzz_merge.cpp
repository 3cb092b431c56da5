// Three documents (base, ours, theirs, separated by a line "=====") merged as
// `accord merge-file` merges them. Any input: a result or an Error, never a crash.
// Three valid inputs: a valid result or conflicts, never an error; and whatever the
// merge writes is well-formed, with as many conflict elements as it says.
#include "merge_engine.hpp"

#include "accord/workspace/error.hpp"
#include "accord/workspace/profile.hpp"
#include "accord/workspace/validation.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

std::size_t count(const std::string& text, std::string_view what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace accord::workspace;
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::string separator = "\n=====\n";
    const auto one = input.find(separator);
    const auto two = one == std::string::npos ? one : input.find(separator, one + separator.size());
    if (two == std::string::npos) return 0;
    const std::string base = input.substr(0, one);
    const std::string ours = input.substr(one + separator.size(), two - one - separator.size());
    const std::string theirs = input.substr(two + separator.size());

    ValidationContext ctx{{"apil", "krsn", "mwu"}, {}};
    for (const auto& p : builtinProfiles()) ctx.profiles.push_back(p.id);
    const std::string path = "documents/small.xml";
    const bool valid = validateSubmission(base, path, ctx).empty() && validateSubmission(ours, path, ctx).empty() &&
                       validateSubmission(theirs, path, ctx).empty();
    accord::merge::MergeOutcome out;
    try {
        out = accord::merge::mergeSubmissions(base.empty() ? std::nullopt : std::optional<std::string>(base), ours, theirs,
                                              accord::merge::Labels{}, path);
    } catch (const Error&) {
        if (valid) std::abort();  // three valid documents must merge
        return 0;
    }
    if (!checkWellFormed(out.merged, path).empty()) std::abort();
    if (count(out.merged, "<conflict ") != static_cast<std::size_t>(out.conflicts)) std::abort();
    if (valid && out.conflicts == 0 && !validateSubmission(out.merged, path, ctx).empty()) std::abort();
    return 0;
}
