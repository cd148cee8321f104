#pragma once
// Internal: a JSON text parsed into simdjson's DOM, as every DynamoDB body is decoded.
#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <string_view>

namespace ddbkit::detail {

/// The depth a DynamoDB body may reach: every L/M level of an item is two JSON levels, and
/// items nest up to 32.
inline constexpr std::size_t max_json_depth = 160;

/// A parsed JSON text. simdjson parses 3-4 times faster than Boost.JSON's DOM
/// (bench_request_cost), and its strings are read in place: a decoded item copies each
/// string once.
///
/// A text of up to 4 MB (any answer but the largest BatchGetItem ones) is parsed by the
/// calling thread's parser, which keeps its buffers from one text to the next: a thread
/// keeps ~15 times the largest text it decoded as address space, most of it never touched
/// (decoding 107 KB pages in a loop peaks at 4.4 MB of RSS, 4.1 MB with Boost.JSON's DOM).
/// A larger text, or one parsed while the thread's parser holds another document, gets a
/// parser of its own, freed with this object.
/// Not copyable; the elements of root() live as long as this object. Use it on one thread,
/// in code that does not suspend. Running out of memory throws std::bad_alloc.
class parsed_json {
 public:
  explicit parsed_json(std::string_view text);
  ~parsed_json();
  parsed_json(const parsed_json&) = delete;
  parsed_json& operator=(const parsed_json&) = delete;

  bool ok() const noexcept { return error_ == simdjson::SUCCESS; }
  /// Why the text is not JSON (simdjson's words); only when !ok().
  std::string_view why_not() const noexcept { return simdjson::error_message(error_); }
  /// The document's root; only when ok().
  simdjson::dom::element root() const noexcept { return root_; }

 private:
  struct thread_parser;
  thread_parser* borrowed_ = nullptr;  // the thread's parser, in use by this object
  std::unique_ptr<simdjson::dom::parser> own_;
  simdjson::dom::element root_;
  simdjson::error_code error_ = simdjson::SUCCESS;
};

}  // namespace ddbkit::detail
