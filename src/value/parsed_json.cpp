#include "value/parsed_json.hpp"

#include <algorithm>
#include <bit>
#include <new>

namespace ddbkit::detail {

namespace {
// Texts up to this size (every Query or Scan page: DynamoDB stops a page at 1 MB of items)
// are parsed in the thread's parser, which keeps its buffers. A parser made for one text
// costs more than the parse: its buffers (~15 times the text, allocated, then faulted in
// page by page) made a 107 KB page decode in 1.4-1.9 ms; in the kept parser, ~0.17 ms.
constexpr std::size_t reused_parser_bytes = 4 * 1024 * 1024;
// The capacity the thread's parser starts with: a typical item or answer fits.
constexpr std::size_t first_capacity = 4 * 1024;

// simdjson picks its implementation for this CPU on the first parse, with allocations
// inside functions that are noexcept (running out of memory there is std::terminate): the
// first parse is made when the program starts, not in the middle of its first decode.
[[maybe_unused]] const bool implementation_picked = [] {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  return parser.parse("{}", 2, true).get(root) == simdjson::SUCCESS;
}();
}  // namespace

struct parsed_json::thread_parser {
  simdjson::dom::parser parser;
  bool busy = false;  // a parsed_json of this thread uses it (one decode inside another)
};

parsed_json::parsed_json(std::string_view text) {
  thread_local thread_parser local;
  simdjson::dom::parser* parser = nullptr;
  if (text.size() <= reused_parser_bytes && !local.busy) {
    borrowed_ = &local;
    local.busy = true;
    parser = &local.parser;
    if (parser->capacity() < text.size() || parser->max_depth() != max_json_depth) {
      // Grown to a power of two: a run of slightly larger pages does not reallocate each time.
      error_ = parser->allocate(std::bit_ceil(std::max(text.size(), first_capacity)), max_json_depth);
    }
  } else {
    own_ = std::make_unique<simdjson::dom::parser>();
    parser = own_.get();
    error_ = parser->allocate(text.size(), max_json_depth);
  }
  // The text is copied into the parser's padded buffer: simdjson reads up to 64 bytes past
  // the end of what it parses.
  if (ok()) error_ = parser->parse(text.data(), text.size(), true).get(root_);
  if (error_ == simdjson::MEMALLOC) {
    // Out of memory, as anywhere else: not a verdict on the text.
    if (borrowed_ != nullptr) borrowed_->busy = false;
    throw std::bad_alloc();
  }
}

parsed_json::~parsed_json() {
  if (borrowed_ != nullptr) borrowed_->busy = false;
}

}  // namespace ddbkit::detail
