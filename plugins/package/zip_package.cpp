#include "accord/package/zip_package.hpp"

#include "accord/workspace/canonical_xml.hpp"
#include "accord/workspace/error.hpp"

#include <pugixml.hpp>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <variant>

namespace accord::package {

using workspace::Error;
using workspace::ErrorKind;

namespace {

/// 1980-01-01 00:00, the first date a ZIP entry can carry.
constexpr zip_uint16_t kDosDate = (0u << 9) | (1u << 5) | 1u;
constexpr zip_uint16_t kDosTime = 0;
/// The fastest deflate: a large submission packs in a fraction of the time for a few percent in size.
constexpr int kDeflateLevel = 1;
/// Pieces waiting to be deflated before `write` waits: bounds the memory in flight.
constexpr std::size_t kPiecesInFlight = 8;
constexpr std::size_t kGatherBlock = std::size_t{1} << 16;  ///< small texts go to the thread in blocks of this size

} // namespace

// --- PartStream ----------------------------------------------------------------------------------------

struct PartStream::Impl {
    using Piece = std::variant<std::string, std::unique_ptr<pugi::xml_document>>;

    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Piece> pieces;
    bool closed = false;     ///< no more pieces: finish the stream (or drop it, when `dropped`)
    bool dropped = false;
    bool done = false;
    std::exception_ptr error;
    DeflatedPart part;
    std::thread worker;

    Impl() : worker([this] { run(); }) {}

    std::string gathered;  ///< small texts appended since the last piece (the writer's thread only)

    void pushGathered()
    {
        if (gathered.empty()) return;
        push(std::exchange(gathered, std::string()));
    }

    void push(Piece piece)
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return pieces.size() < kPiecesInFlight || done; });
        if (done) return;  // failed: `finish` says why
        pieces.push_back(std::move(piece));
        changed.notify_all();
    }

    void run()
    {
        z_stream z{};
        try {
            if (deflateInit2(&z, kDeflateLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
                throw Error(ErrorKind::Io, "cannot start deflating a part: out of memory");
            std::string printed;
            for (;;) {
                Piece piece;
                bool drop = false;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return !pieces.empty() || closed; });
                    if (pieces.empty()) break;
                    piece = std::move(pieces.front());
                    pieces.pop_front();
                    drop = dropped;
                    changed.notify_all();
                }
                if (drop) continue;
                if (auto* text = std::get_if<std::string>(&piece)) {
                    deflate(z, *text, Z_NO_FLUSH);
                } else {
                    printed.clear();
                    print(*std::get<std::unique_ptr<pugi::xml_document>>(piece), printed);
                    piece = std::string();  // the tree goes before its text is packed
                    deflate(z, printed, Z_NO_FLUSH);
                }
            }
            bool drop = false;
            {
                std::lock_guard lock(mutex);
                drop = dropped;
            }
            if (!drop) {
                deflate(z, {}, Z_FINISH);
                part.bytes.shrink_to_fit();  // it grew by doubling; it is kept until the archive is written
            }
        } catch (...) {
            std::lock_guard lock(mutex);
            error = std::current_exception();
        }
        deflateEnd(&z);
        std::lock_guard lock(mutex);
        done = true;
        pieces.clear();
        changed.notify_all();
    }

    static void print(const pugi::xml_document& piece, std::string& out)
    {
        for (auto child : piece.document_element().children()) workspace::xml::appendRaw(child, out);
    }

    void deflate(z_stream& z, std::string_view text, int flush)
    {
        part.size += text.size();
        if (!text.empty())  // crc32 of no buffer is the initial value, not the sum so far
            part.crc = static_cast<std::uint32_t>(
                crc32_z(part.crc, reinterpret_cast<const Bytef*>(text.data()), static_cast<z_size_t>(text.size())));
        // zlib counts in 32 bits: a piece over 4 GiB goes in several.
        std::size_t at = 0;
        do {
            const std::size_t step = std::min<std::size_t>(text.size() - at, std::numeric_limits<uInt>::max());
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data() + at));
            z.avail_in = static_cast<uInt>(step);
            at += step;
            const int mode = at == text.size() ? flush : Z_NO_FLUSH;
            int rc = Z_OK;
            do {
                const std::size_t used = part.bytes.size();
                const std::size_t room = std::max<std::size_t>(deflateBound(&z, z.avail_in), 1 << 16);
                part.bytes.resize(used + room);
                z.next_out = reinterpret_cast<Bytef*>(part.bytes.data() + used);
                z.avail_out = static_cast<uInt>(room);
                rc = ::deflate(&z, mode);
                part.bytes.resize(used + room - z.avail_out);
                if (rc == Z_STREAM_ERROR) throw Error(ErrorKind::Io, "deflating a part failed");
            } while (z.avail_out == 0 || (mode == Z_FINISH && rc != Z_STREAM_END));
        } while (at < text.size());
    }

    void close(bool drop)
    {
        {
            std::lock_guard lock(mutex);
            closed = true;
            dropped = dropped || drop;
            changed.notify_all();
        }
        if (worker.joinable()) worker.join();
    }
};

PartStream::PartStream() : impl_(std::make_unique<Impl>()) {}

PartStream::~PartStream()
{
    if (impl_) impl_->close(true);
}

void PartStream::write(std::string text)
{
    impl_->pushGathered();
    impl_->push(std::move(text));
}

void PartStream::append(std::string_view text)
{
    impl_->gathered += text;
    if (impl_->gathered.size() >= kGatherBlock) impl_->pushGathered();
}

void PartStream::writeChildren(std::unique_ptr<pugi::xml_document> piece)
{
    impl_->pushGathered();
    impl_->push(std::move(piece));
}

DeflatedPart PartStream::finish()
{
    impl_->pushGathered();
    impl_->close(false);
    if (impl_->error) std::rethrow_exception(impl_->error);
    return std::move(impl_->part);
}

// --- PiecedPart ---------------------------------------------------------------------------------------

struct PiecedPart::Impl {
    PartStream stream;
    std::string end;  ///< what closes the part
    std::string holderName;
    std::unique_ptr<pugi::xml_document> piece;
    pugi::xml_node body;
    std::size_t parts = 0;

    void newPiece()
    {
        piece = std::make_unique<pugi::xml_document>();
        body = piece->append_child(holderName.c_str());
    }
};

PiecedPart::PiecedPart(const std::function<pugi::xml_node(pugi::xml_document&)>& frame) : impl_(std::make_unique<Impl>())
{
    pugi::xml_document document;
    pugi::xml_node holder = frame(document);
    if (!holder || holder.first_child()) throw std::logic_error("PiecedPart: the frame's holder is not an empty element");
    impl_->holderName = holder.name();
    // The frame printed with a marker where the holder's content goes: before it now, after it at the end.
    holder.append_child(pugi::node_pi).set_name("accord-piece");
    const std::string printed = workspace::xml::saveRaw(document);
    constexpr std::string_view kMarker = "<?accord-piece?>";
    const auto at = printed.find(kMarker);
    impl_->stream.write(printed.substr(0, at));
    impl_->end = printed.substr(at + kMarker.size());
    impl_->newPiece();
}

PiecedPart::~PiecedPart() = default;

pugi::xml_node PiecedPart::body() const
{
    return impl_->body;
}

void PiecedPart::partDone()
{
    if (++impl_->parts % kPartsInPiece == 0) pieceDone();
}

void PiecedPart::pieceDone()
{
    if (!impl_->body.first_child()) return;
    impl_->stream.writeChildren(std::move(impl_->piece));
    impl_->newPiece();
}

DeflatedPart PiecedPart::finish()
{
    pieceDone();
    impl_->stream.write(std::move(impl_->end));
    return impl_->stream.finish();
}

// --- Archive -------------------------------------------------------------------------------------------

namespace {

struct ZipDeleter {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct SourceDeleter {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};

/// A libzip source handing over a part deflated already: its statistics say so, and libzip copies it as is.
zip_int64_t deflatedSource(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command)
{
    auto& [part, at] = *static_cast<std::pair<DeflatedPart, std::size_t>*>(state);
    switch (command) {
    case ZIP_SOURCE_OPEN: at = 0; return 0;
    case ZIP_SOURCE_READ: {
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(length), part.bytes.size() - at);
        std::memcpy(data, part.bytes.data() + at, n);
        at += n;
        return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE: return 0;
    case ZIP_SOURCE_STAT: {
        auto* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
        st->size = part.size;
        st->comp_size = part.bytes.size();
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = part.crc;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR: return 0;
    case ZIP_SOURCE_FREE: return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default: return -1;
    }
}

} // namespace

struct Archive::Impl {
    std::string what;
    std::unique_ptr<zip_source_t, SourceDeleter> source;
    std::unique_ptr<zip_t, ZipDeleter> zip;
    std::deque<std::string> data;                               ///< what the entries point at until the archive is written
    std::deque<std::pair<DeflatedPart, std::size_t>> deflated;  ///< the same for parts deflated already

    /// Throws what libzip says went wrong; `owned` errors are ours to release.
    [[noreturn]] void fail(const std::string& doing, zip_error_t* error, bool owned = false) const
    {
        std::string message = what + ": " + doing + ": " + zip_error_strerror(error);
        if (owned) zip_error_fini(error);
        throw Error(ErrorKind::Io, message);
    }

    void entry(const std::string& name, zip_source_t* src, bool store, bool packed)
    {
        if (!src) fail("cannot add " + name, zip_get_error(zip.get()));
        const zip_int64_t index = zip_file_add(zip.get(), name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);
            fail("cannot add " + name, zip_get_error(zip.get()));
        }
        const auto i = static_cast<zip_uint64_t>(index);
        if ((!packed && zip_set_file_compression(zip.get(), i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                                 store ? 0u : static_cast<zip_uint32_t>(kDeflateLevel)) != 0) ||
            zip_file_set_dostime(zip.get(), i, kDosTime, kDosDate, 0) != 0)
            fail("cannot set up " + name, zip_get_error(zip.get()));
    }
};

Archive::Archive(std::string what) : impl_(std::make_unique<Impl>())
{
    impl_->what = std::move(what);
    zip_error_t error;
    zip_error_init(&error);
    impl_->source.reset(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!impl_->source) impl_->fail("cannot create a buffer", &error, true);
    impl_->zip.reset(zip_open_from_source(impl_->source.get(), ZIP_TRUNCATE, &error));
    if (!impl_->zip) impl_->fail("cannot open the buffer", &error, true);
    zip_source_keep(impl_->source.get());  // the archive shares it; it is read back after closing
    zip_error_fini(&error);
}

Archive::~Archive() = default;

void Archive::add(const std::string& name, std::string data, bool store)
{
    const std::string& kept = impl_->data.emplace_back(std::move(data));
    impl_->entry(name, zip_source_buffer(impl_->zip.get(), kept.data(), kept.size(), 0), store, false);
}

void Archive::add(const std::string& name, DeflatedPart part)
{
    auto& kept = impl_->deflated.emplace_back(std::move(part), 0);
    impl_->entry(name, zip_source_function(impl_->zip.get(), deflatedSource, &kept), false, true);
}

std::string Archive::bytes()
{
    if (zip_close(impl_->zip.get()) != 0) impl_->fail("cannot write the archive", zip_get_error(impl_->zip.get()));
    (void)impl_->zip.release();  // closed: nothing left to discard
    impl_->data.clear();  // written into the archive
    impl_->deflated.clear();
    zip_source_t* src = impl_->source.get();
    if (zip_source_open(src) != 0) impl_->fail("cannot read the archive back", zip_source_error(src));
    std::string out;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(src, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) out.reserve(stat.size);
    char buffer[65536];
    for (;;) {
        const zip_int64_t n = zip_source_read(src, buffer, sizeof buffer);
        if (n < 0) {
            zip_source_close(src);
            impl_->fail("cannot read the archive back", zip_source_error(src));
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    zip_source_close(src);
    return out;
}

} // namespace accord::package
