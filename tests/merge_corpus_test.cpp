// The merge corpus: every tests/fixtures/merge/cases/*.case file is one three-way
// merge with its expected result, written from the merge rules and not from the
// merger. Each case edits the frozen tests/fixtures/merge/base.xml three times
// (ours, theirs, expected); this file runs `accord merge-file` on ours/base/theirs
// and compares the output with the expected document in canonical form.
//
// Case file format:
//
//   # comment lines (what the case is and why the expected result is right)
//   conflicts: N
//   === ours
//   @@ replace
//   <text that occurs exactly once in base.xml, one or more lines>
//   @@ with
//   <replacement, zero or more lines>
//   === theirs
//   (zero or more replace blocks; none = identical to base)
//   === expected
//   (replace blocks giving the expected merge)
//
// Replacements of one section apply in order, each to the result of the one
// before; a replace text must occur exactly once in base.xml and exactly once in
// the text it is applied to.
//
// Every case is registered as a test case of its own ("merge corpus NN-name", at
// line 1 of its file), so a failure names the case and `-tc="merge corpus 06*"`
// runs one.

#include "support.hpp"

#include <accord/workspace/document.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Edit {
    std::string find;
    std::string with;
};

struct MergeCase {
    int conflicts = -1;
    std::vector<Edit> ours;
    std::vector<Edit> theirs;
    std::vector<Edit> expected;
};

fs::path mergeFixtures()
{
    return fs::path(ACCORD_TEST_FIXTURES) / "merge";
}

/// The case files, sorted by name. Never throws: it also runs before main().
std::vector<fs::path> caseFiles()
{
    std::vector<fs::path> files;
    std::error_code ec;
    fs::directory_iterator it(mergeFixtures() / "cases", ec);
    if (ec) return files;
    for (const auto& entry : it) {
        std::error_code fileEc;
        if (entry.is_regular_file(fileEc) && entry.path().extension() == ".case") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string caseName(const fs::path& file)
{
    return file.stem().string();
}

/// Block lines joined with newlines; trailing blank lines do not count.
std::string joinBlock(std::vector<std::string> lines)
{
    while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos) lines.pop_back();
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += '\n';
        out += lines[i];
    }
    return out;
}

/// Parses a .case file; throws std::runtime_error naming the line on a malformed file.
MergeCase parseCase(const std::string& text)
{
    MergeCase result;
    enum class Mode { None, Replace, With };
    Mode mode = Mode::None;
    std::vector<Edit>* side = nullptr;
    std::vector<std::string> find;
    std::vector<std::string> with;
    bool header = true;
    int lineNo = 0;

    auto fail = [&](const std::string& why) {
        throw std::runtime_error("line " + std::to_string(lineNo) + ": " + why);
    };
    auto flush = [&] {
        if (mode == Mode::None) return;
        if (mode == Mode::Replace) fail("\"@@ replace\" block without \"@@ with\"");
        Edit edit{joinBlock(find), joinBlock(with)};
        if (edit.find.empty()) fail("empty \"@@ replace\" text");
        side->push_back(std::move(edit));
        find.clear();
        with.clear();
        mode = Mode::None;
    };

    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (header) {
            if (line.empty() || line[0] == '#') continue;
            if (line.rfind("conflicts:", 0) == 0) {
                try {
                    std::size_t used = 0;
                    std::string number = line.substr(10);
                    result.conflicts = std::stoi(number, &used);
                    if (number.find_first_not_of(" \t", used) != std::string::npos) fail("bad conflicts line");
                } catch (const std::invalid_argument&) {
                    fail("bad conflicts line");
                } catch (const std::out_of_range&) {
                    fail("bad conflicts line");
                }
                continue;
            }
            header = false;
        }
        if (line.rfind("=== ", 0) == 0) {
            flush();
            std::string name = line.substr(4);
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
            if (name == "ours") side = &result.ours;
            else if (name == "theirs") side = &result.theirs;
            else if (name == "expected") side = &result.expected;
            else fail("unknown section \"" + name + "\"");
            continue;
        }
        if (line == "@@ replace") {
            flush();
            if (side == nullptr) fail("\"@@ replace\" before \"=== ours\"");
            mode = Mode::Replace;
            continue;
        }
        if (line == "@@ with") {
            if (mode != Mode::Replace) fail("\"@@ with\" without \"@@ replace\"");
            mode = Mode::With;
            continue;
        }
        if (mode == Mode::Replace) find.push_back(line);
        else if (mode == Mode::With) with.push_back(line);
        else if (line.find_first_not_of(" \t") != std::string::npos) fail("text outside a replace block");
    }
    flush();
    if (result.conflicts < 0) throw std::runtime_error("no \"conflicts: N\" line");
    if (side == nullptr) throw std::runtime_error("no \"=== ours\" section");
    return result;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle)
{
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
    return n;
}

std::string shorten(const std::string& text)
{
    std::string firstLine = text.substr(0, text.find('\n'));
    if (firstLine.size() > 120) firstLine = firstLine.substr(0, 120) + "…";
    return firstLine + (text.find('\n') != std::string::npos ? " …" : "");
}

/// base.xml with `edits` applied; throws std::runtime_error when a replace text is
/// not found exactly once.
std::string applyEdits(const std::string& base, const std::vector<Edit>& edits, const std::string& sideName)
{
    std::string text = base;
    for (std::size_t i = 0; i < edits.size(); ++i) {
        const Edit& edit = edits[i];
        auto inBase = occurrences(base, edit.find);
        auto inText = occurrences(text, edit.find);
        if (inBase != 1 || inText != 1)
            throw std::runtime_error(sideName + " replace #" + std::to_string(i + 1) + " occurs " +
                                     std::to_string(inBase) + " time(s) in base.xml and " + std::to_string(inText) +
                                     " time(s) in the text it applies to, not once: " + shorten(edit.find));
        text.replace(text.find(edit.find), edit.find.size(), edit.with);
    }
    return text;
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

/// Where two canonical documents part: the first differing line with a few lines around it.
std::string diffHint(const std::string& got, const std::string& want)
{
    auto a = splitLines(got);
    auto b = splitLines(want);
    std::size_t first = 0;
    while (first < a.size() && first < b.size() && a[first] == b[first]) ++first;
    // the common tail, so the hint also says how much differs
    std::size_t tail = 0;
    while (tail < a.size() - first && tail < b.size() - first && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    std::ostringstream out;
    out << "canonical output differs from the expected document from line " << first + 1 << " (output has "
        << a.size() << " lines, expected " << b.size() << "; differing: output lines " << first + 1 << ".."
        << a.size() - tail << ", expected lines " << first + 1 << ".." << b.size() - tail << ")\n";
    auto show = [&](const char* title, const std::vector<std::string>& lines) {
        out << "--- " << title << "\n";
        std::size_t from = first >= 3 ? first - 3 : 0;
        std::size_t to = std::min(lines.size(), first + 4);
        for (std::size_t i = from; i < to; ++i)
            out << (i == first ? ">> " : "   ") << i + 1 << ": " << lines[i] << "\n";
        if (first >= lines.size()) out << ">> " << first + 1 << ": (end of document)\n";
    };
    show("output", a);
    show("expected", b);
    return out.str();
}

std::optional<std::string> canonical(const std::string& xml, const std::string& name, std::string& error)
{
    try {
        return accord::workspace::canonicalize(xml, name);
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

/// Runs one case file through `accord merge-file`.
void runCase(const fs::path& file)
{
    const std::string name = caseName(file);
    INFO("merge case ", name, " (", file.string(), ")");
    MergeCase mergeCase;
    std::string ours;
    std::string theirs;
    std::string expected;
    const std::string base = accord::test::readText(mergeFixtures() / "base.xml");
    try {
        mergeCase = parseCase(accord::test::readText(file));
        ours = applyEdits(base, mergeCase.ours, "ours");
        theirs = applyEdits(base, mergeCase.theirs, "theirs");
        expected = applyEdits(base, mergeCase.expected, "expected");
    } catch (const std::runtime_error& e) {
        FAIL("malformed case file ", name, ": ", e.what());
    }

    accord::test::TempDir dir;
    accord::test::writeText(dir / "ours.xml", ours);
    accord::test::writeText(dir / "base.xml", base);
    accord::test::writeText(dir / "theirs.xml", theirs);
    auto r = accord::test::runAccord({"merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs",
                                      (dir / "ours.xml").string(), (dir / "base.xml").string(),
                                      (dir / "theirs.xml").string()},
                                     dir.path());
    CHECK_MESSAGE(r.status == mergeCase.conflicts, name, ": exit status ", r.status, ", expected ",
                  mergeCase.conflicts, " (the number of conflicts); stderr: ", r.err);

    std::string error;
    auto want = canonical(expected, name + ".expected.xml", error);
    REQUIRE_MESSAGE(want.has_value(), name, ": the expected document is not well-formed: ", error);
    auto got = canonical(r.out, name + ": merge-file output", error);
    REQUIRE_MESSAGE(got.has_value(), name, ": the output is not well-formed XML: ", error, "\nstderr: ", r.err);
    const bool same = *got == *want;  // a bool, so that doctest does not print both documents whole
    CHECK_MESSAGE(same, name, ": ", same ? std::string() : diffHint(*got, *want));
}

// ---------------------------------------------------------------- registration
//
// One doctest test case per case file, registered before main() from the files
// found then, the way doctest's own TEST_CASE macro registers its functions. A test
// case is a plain function pointer, so each slot gets its own instantiation of
// runSlot<I>.

constexpr std::size_t kMaxCases = 256;

std::vector<fs::path>& registeredFiles()
{
    static std::vector<fs::path> files;
    return files;
}

template <std::size_t I>
void runSlot()
{
    runCase(registeredFiles().at(I));
}

template <std::size_t... I>
constexpr std::array<doctest::detail::funcType, sizeof...(I)> makeSlots(std::index_sequence<I...>)
{
    return {&runSlot<I>...};
}

void tooManyCases()
{
    FAIL("more than ", kMaxCases, " merge cases: raise kMaxCases in merge_corpus_test.cpp");
}

} // namespace

TEST_SUITE("merge corpus")
{
    namespace {

    int registerCases()
    {
        static constexpr auto slots = makeSlots(std::make_index_sequence<kMaxCases>{});
        static std::deque<std::string> names;  // doctest keeps the const char*
        static std::deque<std::string> paths;
        auto files = caseFiles();
        for (std::size_t i = 0; i < files.size() && i < kMaxCases; ++i) {
            registeredFiles().push_back(files[i]);
            names.push_back("merge corpus " + caseName(files[i]));
            paths.push_back(files[i].string());
            // Registered at line 1 of the case file: reports point there, and doctest's
            // default order (by file) runs the cases sorted by name.
            doctest::detail::regTest(doctest::detail::TestCase(slots[i], paths.back().c_str(), 1,
                                                               doctest_detail_test_suite_ns::getCurrentTestSuite()) *
                                     names.back().c_str());
        }
        if (files.size() > kMaxCases)
            doctest::detail::regTest(doctest::detail::TestCase(&tooManyCases, __FILE__, __LINE__,
                                                               doctest_detail_test_suite_ns::getCurrentTestSuite()) *
                                     "merge corpus has too many cases");
        return 0;
    }

    [[maybe_unused]] const int casesRegistered = registerCases();

    bool hasHangul(const std::string& text)
    {
        for (std::size_t i = 0; i + 2 < text.size(); ++i) {
            auto b0 = static_cast<unsigned char>(text[i]);
            if ((b0 & 0xF0U) != 0xE0U) continue;
            auto b1 = static_cast<unsigned char>(text[i + 1]);
            auto b2 = static_cast<unsigned char>(text[i + 2]);
            unsigned code = ((b0 & 0x0FU) << 12U) | ((b1 & 0x3FU) << 6U) | (b2 & 0x3FU);
            if (code >= 0xAC00U && code <= 0xD7A3U) return true;
        }
        return false;
    }

    } // namespace

    TEST_CASE("the merge corpus is large and varied enough, and every case file applies to base.xml")
    {
        auto files = caseFiles();
        const std::string base = accord::test::readText(mergeFixtures() / "base.xml");
        int conflicting = 0;
        int korean = 0;
        for (const auto& file : files) {
            const std::string name = caseName(file);
            const std::string text = accord::test::readText(file);
            if (hasHangul(text)) ++korean;
            try {
                MergeCase mergeCase = parseCase(text);
                if (mergeCase.conflicts > 0) ++conflicting;
                auto ours = applyEdits(base, mergeCase.ours, "ours");
                auto theirs = applyEdits(base, mergeCase.theirs, "theirs");
                auto expected = applyEdits(base, mergeCase.expected, "expected");
                CHECK_MESSAGE(!(ours == base && theirs == base), name, ": neither side changes anything");
                CHECK_MESSAGE(occurrences(expected, "<conflict ") == static_cast<std::size_t>(mergeCase.conflicts),
                              name, ": the expected document does not hold ", mergeCase.conflicts,
                              " conflict element(s)");
                std::string error;
                CHECK_MESSAGE(canonical(expected, name, error).has_value(), name, ": expected is not well-formed: ",
                              error);
            } catch (const std::runtime_error& e) {
                FAIL_CHECK("malformed case file ", name, ": ", e.what());
            }
        }
        CHECK(files.size() >= 45);
        CHECK(conflicting >= 15);
        CHECK(files.size() - static_cast<std::size_t>(conflicting) >= 25);
        CHECK(korean >= 12);
        CHECK(registeredFiles().size() == std::min(files.size(), kMaxCases));
    }
}
