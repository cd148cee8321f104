#pragma once
// The engine under table<T>'s reads: pages of one Query or Scan, handed out in slices, with
// the limit, the cursor and the optional prefetch. Works on plain items; reader<T>
// (reader.hpp) converts them.
#include <ddbkit/table/cursor.hpp>
#include <ddbkit/table/table_requests.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>

namespace ddbkit {

class client;

/// How a paginated read proceeds.
struct read_options {
  /// Items handed out at most: the read stops fetching once it has them (and, without a
  /// filter, asks DynamoDB for no more than it still needs).
  std::optional<std::size_t> limit;
  /// Resumes after the last item handed out by an earlier read of the same table, index
  /// and segment; empty: from the start. A cursor of another read is a `validation` error.
  std::optional<cursor> resume;
  /// Fetches the next page in the background while the caller works on this one.
  bool prefetch = false;
};

/// What a read has seen so far, summed over the pages read.
struct read_totals {
  std::int64_t count = 0;          ///< items DynamoDB returned (after the filter)
  std::int64_t scanned_count = 0;  ///< items DynamoDB read (before the filter)
  std::int64_t pages = 0;
  /// Capacity units, when the request asked for consumed capacity.
  double capacity_units = 0;

  /// Adds one page's counts and capacity.
  void add(const page_output& page);
};

namespace detail {

/// One Query or Scan read page by page. Hands out slices of the current page (at most the
/// items asked for), fetching the next page when the current one is used up; remembers
/// the key of the last item handed out, so position() resumes exactly there.
///
/// One next()/async_next() at a time; a failed fetch leaves the position unchanged, so
/// the next call retries it. Shared because a prefetch in flight keeps it alive.
class page_reader : public std::enable_shared_from_this<page_reader> {
 public:
  using handler = boost::asio::any_completion_handler<void(result<std::optional<page_output>>)>;

  static std::shared_ptr<page_reader> query(client& c, table_ref table, query_request request, read_options options);
  static std::shared_ptr<page_reader> scan(client& c, table_ref table, scan_request request, read_options options);

  /// Up to `max_items` items (a page slice; a new page is handed out even when empty, so
  /// Select COUNT pages carry their counts). nullopt once the read is over.
  result<std::optional<page_output>> next(std::size_t max_items = std::numeric_limits<std::size_t>::max());
  /// As next(), completing `h` (never inside this call).
  void async_next(std::size_t max_items, handler h);

  /// Where a new read would resume to continue this one; nullopt when nothing is left.
  std::optional<cursor> position() const;
  read_totals totals() const;
  /// The client's executor (where async_next's work runs).
  boost::asio::any_io_executor get_executor() const;

  struct state;
  explicit page_reader(std::unique_ptr<state> s);
  ~page_reader();

 private:
  struct page_request;  // a Query or Scan input for one page (page_reader.cpp)
  /// Fetches `request` asynchronously; the page goes to arrive().
  void launch(page_request request);
  /// A fetched page (or its error): to the waiting async_next(), else kept for the next call.
  void arrive(result<page_output> page);

  std::unique_ptr<state> state_;
};

}  // namespace detail
}  // namespace ddbkit
