// Any bytes given to `accord validate` (a document) or read as accord.xml: a list
// of findings or nothing, never a crash, a hang or an error of another kind.
#include "accord/workspace/config.hpp"
#include "accord/workspace/profile.hpp"
#include "accord/workspace/validation.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace accord::workspace;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ValidationContext ctx{{"apil", "krsn", "mwu"}, {}};
    for (const auto& p : builtinProfiles()) ctx.profiles.push_back(p.id);
    Submission parsed;
    const auto found = validateSubmission(bytes, "documents/small.xml", ctx, parsed);
    if (found.empty() && parsed.id != "small") std::abort();  // valid means the file's own id
    (void)checkWellFormed(bytes, "documents/small.xml");
    try {
        (void)parseConfig(bytes, "accord.xml");
    } catch (const Error&) {
        // a refusal is the answer for most inputs
    }
    return 0;
}
