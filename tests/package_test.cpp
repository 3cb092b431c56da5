// accord::package: parts deflated piece by piece on their own thread, and the archive the
// exporters write, read back by libzip and by Python's zipfile (a reader other than ours).
#include "support.hpp"

#include "accord/package/zip_package.hpp"

#include <doctest/doctest.h>
#include <pugixml.hpp>
#include <zip.h>
#include <zlib.h>

#include <fstream>
#include <memory>

using namespace accord::package;
using namespace accord::test;

namespace {

std::string inflated(const DeflatedPart& part)
{
    std::string out(part.size, '\0');
    z_stream z{};
    REQUIRE(inflateInit2(&z, -MAX_WBITS) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.bytes.data()));
    z.avail_in = static_cast<uInt>(part.bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    CHECK(rc == Z_STREAM_END);
    CHECK(z.avail_out == 0);
    return out;
}

std::uint32_t crcOf(const std::string& text)
{
    return static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

/// A piece of a body: paragraphs under a holder the stream leaves out.
std::unique_ptr<pugi::xml_document> piece(const std::vector<std::string>& paragraphs)
{
    auto doc = std::make_unique<pugi::xml_document>();
    auto body = doc->append_child("w:body");
    for (const auto& text : paragraphs) body.append_child("w:p").append_child("w:t").text().set(text.c_str());
    return doc;
}

} // namespace

TEST_SUITE("package")
{
    TEST_CASE("a part written in pieces of text and XML deflates to exactly their concatenation, with its size and CRC")
    {
        PartStream stream;
        std::string expected = "<w:document><w:body>";
        stream.write(expected);
        for (int i = 0; i < 200; ++i) {
            const std::string ko = "이주노동자 " + std::to_string(i) + " & <권리>";
            const std::string en = "Migrant workers' rights " + std::to_string(i);
            stream.writeChildren(piece({ko, en}));
            expected += "<w:p><w:t>이주노동자 " + std::to_string(i) + " &amp; &lt;권리&gt;</w:t></w:p><w:p><w:t>" + en + "</w:t></w:p>";
        }
        stream.write("</w:body></w:document>");
        expected += "</w:body></w:document>";
        const DeflatedPart part = stream.finish();
        CHECK(part.size == expected.size());
        CHECK(part.crc == crcOf(expected));
        CHECK(part.bytes.size() < expected.size() / 4);
        CHECK(inflated(part) == expected);
    }

    TEST_CASE("small texts appended between pieces stay in their order, across many 64 KB blocks")
    {
        PartStream stream;
        std::string expected;
        for (int i = 0; i < 20000; ++i) {
            const std::string run = (i % 2 ? "사업장 변경 " : "job mobility ") + std::to_string(i) + "\r\n";
            stream.append(run);
            expected += run;
            if (i % 5000 == 4999) {  // a piece of another kind now and then: after what was appended before it
                stream.write("<break/>");
                expected += "<break/>";
                stream.writeChildren(piece({"끝"}));
                expected += "<w:p><w:t>끝</w:t></w:p>";
            }
        }
        stream.append("the end");
        expected += "the end";
        REQUIRE(expected.size() > 4 * 65536);
        const DeflatedPart part = stream.finish();
        CHECK(part.size == expected.size());
        CHECK(part.crc == crcOf(expected));
        CHECK(inflated(part) == expected);
    }

    TEST_CASE("a pieced part is its frame around everything written into its body, piece after piece")
    {
        PiecedPart part([](pugi::xml_document& frame) {
            auto decl = frame.append_child(pugi::node_declaration);
            decl.append_attribute("version") = "1.0";
            auto root = frame.append_child("w:document");
            root.append_attribute("xmlns:w") = "urn:example:w";
            return root.append_child("w:body");
        });
        std::string paragraphs;
        const std::size_t parts = PiecedPart::kPartsInPiece * 2 + 5;  // two whole pieces and a part of one
        for (std::size_t i = 0; i < parts; ++i) {
            const std::string text = "권고 " + std::to_string(i) + " <recommendation>";
            part.body().append_child("w:p").text().set(text.c_str());
            paragraphs += "<w:p>권고 " + std::to_string(i) + " &lt;recommendation&gt;</w:p>";
            part.partDone();
        }
        part.body().append_child("w:sectPr");
        const std::string document = inflated(part.finish());
        CHECK(document == "<?xml version=\"1.0\"?><w:document xmlns:w=\"urn:example:w\"><w:body>" + paragraphs +
                              "<w:sectPr/></w:body></w:document>");
    }

    TEST_CASE("an empty part is a valid empty stream")
    {
        PartStream stream;
        const DeflatedPart part = stream.finish();
        CHECK(part.size == 0);
        CHECK(part.crc == 0);
        CHECK(inflated(part).empty());
    }

    TEST_CASE("a part abandoned half written stops its thread and leaves nothing behind")
    {
        for (int run = 0; run < 20; ++run) {
            PartStream stream;
            for (int i = 0; i < 50; ++i) stream.writeChildren(piece({"버려진 " + std::to_string(i)}));
        }  // destroyed without finish: the sanitizer build checks that no thread, tree or stream is left
        PartStream after;
        after.write("다음");
        CHECK(inflated(after.finish()) == "다음");
    }

    TEST_CASE("the archive holds parts deflated on the way beside parts it deflates, in order, read back by two readers")
    {
        TempDir dir;
        std::string body;
        for (int i = 0; i < 5000; ++i) body += "<w:p>권고 " + std::to_string(i) + " recommendation</w:p>";
        PartStream stream;
        stream.write(body);
        std::string bytes;
        {
            Archive archive("test package");
            archive.add("mimetype", "application/hwp+zip", true);
            archive.add("word/document.xml", stream.finish());
            archive.add("word/styles.xml", "<w:styles>스타일</w:styles>");
            bytes = archive.bytes();
        }
        const auto file = dir / "out.zip";
        std::ofstream(file, std::ios::binary) << bytes;

        // libzip: every entry's CRC is checked as it is read.
        int error = 0;
        zip_t* zip = zip_open(file.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
        REQUIRE(zip != nullptr);
        REQUIRE(zip_get_num_entries(zip, 0) == 3);
        CHECK(std::string(zip_get_name(zip, 0, 0)) == "mimetype");
        CHECK(std::string(zip_get_name(zip, 1, 0)) == "word/document.xml");
        auto read = [&](zip_uint64_t index) {
            zip_stat_t st;
            REQUIRE(zip_stat_index(zip, index, 0, &st) == 0);
            std::string out(st.size, '\0');
            zip_file_t* f = zip_fopen_index(zip, index, 0);
            REQUIRE(f != nullptr);
            CHECK(zip_fread(f, out.data(), out.size()) == static_cast<zip_int64_t>(out.size()));
            char more = 0;
            CHECK(zip_fread(f, &more, 1) == 0);  // the end, where the CRC is compared
            CHECK(zip_fclose(f) == 0);
            return std::pair{out, st};
        };
        auto [mimetype, mimeStat] = read(0);
        CHECK(mimetype == "application/hwp+zip");
        CHECK(mimeStat.comp_method == ZIP_CM_STORE);
        auto [document, documentStat] = read(1);
        CHECK(document == body);
        CHECK(documentStat.comp_method == ZIP_CM_DEFLATE);
        CHECK(documentStat.crc == crcOf(body));
        CHECK(read(2).first == "<w:styles>스타일</w:styles>");
        zip_close(zip);

        // Python's zipfile checks each CRC too, and the fixed date that makes the bytes reproducible.
        auto checked = run("/usr/bin/python3",
                           {"-c", "import sys, zipfile\n"
                                  "z = zipfile.ZipFile(sys.argv[1])\n"
                                  "assert z.testzip() is None\n"
                                  "print(' '.join(f'{i.filename}:{i.date_time[0]}' for i in z.infolist()))",
                            file.string()},
                           dir.path());
        CHECK_MESSAGE(checked.status == 0, checked.err);
        CHECK(checked.out == "mimetype:1980 word/document.xml:1980 word/styles.xml:1980\n");
    }
}
