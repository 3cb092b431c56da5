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
    // Read a section at a time (as accord export reads), twice: the same findings, and the same document.
    Submission streamed;
    std::size_t passes = 0;
    std::vector<Diagnostic> inParts;
    try {
        inParts = validateSubmissionInParts(bytes, "documents/small.xml", ctx, [&](const SubmissionParts& doc) {
            for (int pass = 0; pass < 2; ++pass) {
                streamed = doc.head;
                doc.forEachSection([&](const Section& s, std::size_t) { streamed.sections.push_back(s); });
                ++passes;
            }
        });
    } catch (const Error&) {
        std::abort();  // what validateSubmission reported as findings must not come back as an error
    }
    if (inParts.size() != found.size()) std::abort();
    for (std::size_t i = 0; i < found.size(); ++i)
        if (inParts[i].toString() != found[i].toString()) std::abort();
    if (found.empty() && (passes != 2 || !(streamed == parsed))) std::abort();
    (void)checkWellFormed(bytes, "documents/small.xml");
    try {
        (void)parseConfig(bytes, "accord.xml");
    } catch (const Error&) {
        // a refusal is the answer for most inputs
    }
    return 0;
}
