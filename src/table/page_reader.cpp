#include <ddbkit/client.hpp>
#include <ddbkit/table/page_reader.hpp>

#include "async/complete.hpp"
#include "table/projection_keys.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <variant>

namespace ddbkit::detail {
namespace {

/// The request of one page: the input built once, the start key and Limit set per page.
using page_input = std::variant<query_input, scan_input>;

}  // namespace

struct page_reader::state {
  client* c = nullptr;
  std::string table;
  std::string index;
  std::optional<int> segment;
  key_schema table_keys;
  std::optional<key_schema> index_keys;
  read_options options;
  /// Whether DynamoDB's Limit may be lowered to what the limit still needs (not with a
  /// filter, whose items DynamoDB counts before filtering; not for Select COUNT).
  bool may_lower_page_limit = false;
  std::optional<int> page_size;
  call_options call;
  std::optional<page_input> input;  // empty when setup failed
  std::optional<error> setup_error;

  std::mutex mutex;
  std::condition_variable arrived;
  page_output buffer;         // the page being handed out
  std::size_t position = 0;   // items of `buffer` handed out
  bool buffer_fresh = false;  // nothing of `buffer` handed out yet
  std::optional<item> buffer_start;
  std::optional<item> continuation;  // the next page's start key
  bool fetched_any = false;
  std::optional<item> last_handed_key;
  std::size_t handed = 0;
  read_totals totals;
  bool in_flight = false;
  std::optional<result<page_output>> ready;  // a prefetched page, not yet handed out
  struct waiter {
    std::size_t max_items;
    handler h;
  };
  std::optional<waiter> waiting;

  bool limit_reached() const { return options.limit && handed >= *options.limit; }
  bool buffer_left() const { return position < buffer.items.size(); }
  bool finished() const { return fetched_any && !continuation; }

  std::optional<int> page_limit() const {
    if (!options.limit || !may_lower_page_limit) return page_size;
    std::size_t have = handed + (buffer.items.size() - position);
    std::size_t need = *options.limit > have ? *options.limit - have : 1;
    std::size_t cap = page_size ? static_cast<std::size_t>(*page_size) : need;
    return static_cast<int>(std::min({need, cap, std::size_t{1'000'000}}));
  }

  page_input next_input() const {
    return std::visit(
        [&](auto in) -> page_input {
          in.exclusive_start_key = continuation;
          in.limit = page_limit();
          return in;
        },
        *input);
  }

  result<page_output> fetch_blocking(const page_input& in) {
    return std::visit([&](const auto& request) -> result<page_output> {
      if constexpr (std::same_as<std::decay_t<decltype(request)>, query_input>) {
        return c->query(request, call);
      } else {
        return c->scan(request, call);
      }
    }, in);
  }

  void accept(page_output page) {
    buffer_start = std::move(continuation);
    continuation = page.last_evaluated_key;
    fetched_any = true;
    totals.add(page);
    buffer = std::move(page);
    position = 0;
    buffer_fresh = true;
    last_handed_key.reset();
  }

  result<item> key_attributes(const item& i) const {
    auto keys = table_keys.key_item_of(i);
    if (!keys) return std::unexpected(keys.error());
    if (index_keys) {
      auto more = index_keys->key_item_of(i);
      if (!more) return std::unexpected(more.error());
      keys->merge(*more);
    }
    return keys;
  }

  /// Hands out up to `max_items` of the buffer (all of a fresh empty page).
  result<std::optional<page_output>> slice(std::size_t max_items) {
    std::size_t n = std::min(max_items, buffer.items.size() - position);
    if (options.limit) n = std::min(n, *options.limit - handed);
    if (n > 0) {
      auto k = key_attributes(buffer.items[position + n - 1]);
      if (!k) {
        return std::unexpected(error(error_code::serialization, "an item of " + table + " lacks its key: " +
                                                                    std::string(k.error().message())));
      }
      last_handed_key = std::move(*k);
    }
    page_output out;
    if (buffer_fresh) {
      out.count = buffer.count;
      out.scanned_count = buffer.scanned_count;
      out.consumed_capacity = std::move(buffer.consumed_capacity);
      out.last_evaluated_key = continuation;
      buffer_fresh = false;
    } else {
      out.count = static_cast<int>(n);
    }
    auto first = buffer.items.begin() + static_cast<std::ptrdiff_t>(position);
    out.items.assign(std::make_move_iterator(first), std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
    position += n;
    handed += n;
    if (!buffer_left()) {
      buffer.items.clear();
      buffer.items.shrink_to_fit();
      position = 0;
    }
    return std::optional<page_output>(std::move(out));
  }

  /// Takes a fetched page and hands out its first slice; `prefetch` is set to the fetch to
  /// start (after the lock is released), if one should be.
  result<std::optional<page_output>> hand_out(page_output page, std::size_t max_items,
                                              std::optional<page_input>& prefetch) {
    accept(std::move(page));
    prefetch = prefetch_due();
    return slice(max_items);
  }

  /// The input of a prefetch to start now, if one should be.
  std::optional<page_input> prefetch_due() {
    if (!options.prefetch || in_flight || ready || !continuation) return std::nullopt;
    if (options.limit && handed + (buffer.items.size() - position) >= *options.limit) return std::nullopt;
    in_flight = true;
    return next_input();
  }
};

namespace {

std::optional<key_schema> keys_of_index(const table_schema& schema, const std::string& index) {
  if (index.empty()) return std::nullopt;
  const auto* found = schema.index(index);
  if (found == nullptr) return std::nullopt;  // make_query/make_scan report it
  return found->keys;
}

template <class Request, class Make>
std::shared_ptr<page_reader> make_reader(client& c, table_ref table, Request request, read_options options,
                                         std::optional<int> segment, Make make) {
  auto s = std::make_unique<page_reader::state>();
  s->c = &c;
  s->table = table.name;
  s->index = request.index;
  s->segment = segment;
  s->table_keys = table.schema.keys;
  s->index_keys = keys_of_index(table.schema, request.index);
  s->may_lower_page_limit = request.filter.empty() && !request.count_only;
  s->page_size = request.page_size;
  s->call = request.call;
  if (!request.count_only) {
    detail::add_key_attributes(request.projection, s->table_keys);
    if (s->index_keys) detail::add_key_attributes(request.projection, *s->index_keys);
  }
  if (options.resume) {
    if (auto fits = options.resume->check_fits(table.name, request.index, segment); !fits) {
      s->setup_error = fits.error();
    } else {
      s->continuation = options.resume->start_key();
    }
  }
  if (!s->setup_error) {
    auto in = make(table, request);
    if (!in) {
      s->setup_error = in.error();
    } else {
      s->input = page_input(std::move(*in));
    }
  }
  s->options = std::move(options);
  return std::make_shared<page_reader>(std::move(s));
}

}  // namespace

page_reader::page_reader(std::unique_ptr<state> s) : state_(std::move(s)) {}
page_reader::~page_reader() = default;

std::shared_ptr<page_reader> page_reader::query(client& c, table_ref table, query_request request, read_options options) {
  return make_reader(c, std::move(table), std::move(request), std::move(options), std::nullopt,
                     [](const table_ref& t, const query_request& r) { return make_query(t, r, std::nullopt); });
}

std::shared_ptr<page_reader> page_reader::scan(client& c, table_ref table, scan_request request, read_options options) {
  auto segment = request.segment;
  return make_reader(c, std::move(table), std::move(request), std::move(options), segment,
                     [](const table_ref& t, const scan_request& r) { return make_scan(t, r, std::nullopt); });
}

struct page_reader::page_request {
  page_input in;
};

void page_reader::launch(page_request request) {
  auto& s = *state_;
  auto done = [self = shared_from_this()](result<page_output> r) { self->arrive(std::move(r)); };
  std::visit(
      [&](auto& in) {
        if constexpr (std::same_as<std::decay_t<decltype(in)>, query_input>) {
          s.c->async_query(std::move(in), s.call, std::move(done));
        } else {
          s.c->async_scan(std::move(in), s.call, std::move(done));
        }
      },
      request.in);
}

result<std::optional<page_output>> page_reader::next(std::size_t max_items) {
  auto& s = *state_;
  std::unique_lock lock(s.mutex);
  if (s.setup_error) return std::unexpected(*s.setup_error);
  if (s.limit_reached()) return std::optional<page_output>();
  if (s.buffer_left()) return s.slice(max_items);
  if (s.finished()) return std::optional<page_output>();
  if (!s.ready && s.in_flight) s.arrived.wait(lock, [&] { return s.ready.has_value(); });
  result<page_output> fetched = std::unexpected(error(error_code::canceled, "no page"));
  if (s.ready) {
    fetched = std::move(*s.ready);
    s.ready.reset();
  } else {
    auto in = s.next_input();
    lock.unlock();
    fetched = s.fetch_blocking(in);
    lock.lock();
  }
  if (!fetched) return std::unexpected(std::move(fetched.error()));
  std::optional<page_input> prefetch;
  auto out = s.hand_out(std::move(*fetched), max_items, prefetch);
  lock.unlock();
  if (prefetch) launch({std::move(*prefetch)});
  return out;
}

void page_reader::async_next(std::size_t max_items, handler h) {
  auto& s = *state_;
  using out_type = result<std::optional<page_output>>;
  auto executor = s.c->get_executor();
  std::unique_lock lock(s.mutex);
  auto answer_later = [&](out_type out) {
    lock.unlock();
    complete_later(executor, std::move(h), std::move(out));
  };
  if (s.setup_error) return answer_later(std::unexpected(*s.setup_error));
  if (s.limit_reached()) return answer_later(std::optional<page_output>());
  if (s.buffer_left()) return answer_later(s.slice(max_items));
  if (s.finished()) return answer_later(std::optional<page_output>());
  if (s.ready) {
    auto fetched = std::move(*s.ready);
    s.ready.reset();
    if (!fetched) return answer_later(std::unexpected(std::move(fetched.error())));
    std::optional<page_input> prefetch;
    auto out = s.hand_out(std::move(*fetched), max_items, prefetch);
    lock.unlock();
    if (prefetch) launch({std::move(*prefetch)});
    return complete_later(executor, std::move(h), std::move(out));
  }
  // emplace: Boost 1.81's any_completion_handler move assignment recurses without end.
  s.waiting.emplace(state::waiter{max_items, std::move(h)});
  if (s.in_flight) return;  // the prefetch in flight answers it
  s.in_flight = true;
  auto in = s.next_input();
  lock.unlock();
  launch({std::move(in)});
}

void page_reader::arrive(result<page_output> page) {
  auto& s = *state_;
  std::unique_lock lock(s.mutex);
  s.in_flight = false;
  if (!s.waiting) {
    s.ready = std::move(page);
    s.arrived.notify_all();
    return;
  }
  auto w = std::move(*s.waiting);
  s.waiting.reset();
  if (!page) {
    lock.unlock();
    return complete_now<result<std::optional<page_output>>>(std::move(w.h), std::unexpected(std::move(page.error())));
  }
  std::optional<page_input> prefetch;
  auto out = s.hand_out(std::move(*page), w.max_items, prefetch);
  lock.unlock();
  if (prefetch) launch({std::move(*prefetch)});
  complete_now(std::move(w.h), std::move(out));
}

std::optional<cursor> page_reader::position() const {
  auto& s = *state_;
  std::lock_guard lock(s.mutex);
  auto at = [&](std::optional<item> k) { return cursor(s.table, s.index, s.segment, std::move(k)); };
  if (s.setup_error) return s.options.resume ? s.options.resume : at(std::nullopt);
  if (s.buffer_left()) return at(s.position > 0 ? s.last_handed_key : s.buffer_start);
  if (!s.fetched_any || s.continuation) return at(s.continuation);
  return std::nullopt;
}

boost::asio::any_io_executor page_reader::get_executor() const { return state_->c->get_executor(); }

read_totals page_reader::totals() const {
  std::lock_guard lock(state_->mutex);
  return state_->totals;
}

}  // namespace ddbkit::detail

namespace ddbkit {

void read_totals::add(const page_output& page) {
  count += page.count;
  scanned_count += page.scanned_count;
  pages += 1;
  if (page.consumed_capacity && page.consumed_capacity->capacity_units) {
    capacity_units += *page.consumed_capacity->capacity_units;
  }
}

}  // namespace ddbkit
