#pragma once
// A DynamoDB table in terms of one item type: ddbkit::table<T>.
#include <ddbkit/client.hpp>
#include <ddbkit/table/batch_get.hpp>
#include <ddbkit/table/batch_write.hpp>
#include <ddbkit/table/page.hpp>
#include <ddbkit/table/parallel_reader.hpp>
#include <ddbkit/table/reader.hpp>
#include <ddbkit/table/table_requests.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ddbkit {

/// A type that declares its version attribute (optimistic locking, versioned.hpp):
///     struct doc { std::string pk; std::int64_t version = 0; ...;
///                  static constexpr std::string_view version_attribute = "version"; };
/// versioned_table<doc> then needs no attribute name, and table<doc>'s batch writes refuse
/// it (a batch write cannot check a version) unless batch_write_options::unchecked_versions.
template <class T>
concept declares_version = requires {
  { T::version_attribute } -> std::convertible_to<std::string_view>;
};

/// A table (its name and key schema, and its indexes') in terms of `T`: reads return T,
/// writes take T, and conditions, filters, updates, key conditions and projections are
/// expr builders rendered into one placeholder table per request.
///
/// Every operation is a pair, as on the client: `get(k, opts)` blocks, `async_get(k, opts,
/// token)` takes any Asio completion token with the single signature
/// `void(result<std::optional<T>>)`. Errors: those of the client's operation (get_item,
/// put_item, …), plus `validation` before sending (a key that does not fit the schema, an
/// expression DynamoDB would refuse, a consistent read on a GSI) and `serialization` when
/// an item read does not fit T (the message names the attribute's path).
///
/// Lifetime: the client must outlive the table and every call started through it (async
/// ones until their initiation ran). Thread safety: const member functions may be called
/// concurrently; the table is a regular value (copies are independent).
template <table_item T>
class table {
 public:
  table(client& c, std::string name, table_schema schema)
      : client_(&c), ref_{.name = std::move(name), .schema = std::move(schema)} {}

  /// The table `name`, its key schema read once with DescribeTable (with its indexes').
  static result<table> open(client& c, std::string name, const call_options& opts = {}) {
    auto described = c.describe_table({.table_name = name}, opts);
    if (!described) return std::unexpected(described.error());
    if (!described->table) return fail(error_code::serialization, "DescribeTable " + name + ": no Table in the answer");
    auto schema = table_schema::from(*described->table);
    if (!schema) return std::unexpected(schema.error());
    return table(c, std::move(name), std::move(*schema));
  }

  const std::string& name() const noexcept { return ref_.name; }
  const table_schema& schema() const noexcept { return ref_.schema; }
  ddbkit::client& get_client() const noexcept { return *client_; }

  /// GetItem: the item with key `k`, empty when there is none.
  result<std::optional<T>> get(const key& k, const get_options& opts = {}) const {
    auto in = make_get(ref_, k, opts);
    if (!in) return std::unexpected(in.error());
    auto out = with_partition(opts.call, k.partition, [&](const call_options& c) { return client_->get_item(*in, c); });
    if (!out) return std::unexpected(out.error());
    return detail::maybe_value_of<T>(std::move(out->item));
  }

  /// PutItem: creates or replaces the item `value` (its key attributes must be there).
  result<void> put(const T& value, const write_options& opts = {}) const {
    auto in = put_input(value, opts);
    if (!in) return std::unexpected(in.error());
    auto out = with_partition(opts.call, partition_of(in->item), [&](const call_options& c) { return client_->put_item(*in, c); });
    if (!out) return std::unexpected(out.error());
    return {};
  }

  /// UpdateItem: applies `change` to the item with key `k` (created if absent), and
  /// returns the item as opts.returns asks (empty for `nothing`).
  result<std::optional<T>> update(const key& k, const expr::update& change, const update_options& opts = {}) const {
    auto in = make_update(ref_, k, change, opts);
    if (!in) return std::unexpected(in.error());
    auto out = with_partition(opts.call, k.partition, [&](const call_options& c) { return client_->update_item(*in, c); });
    if (!out) return std::unexpected(out.error());
    return detail::maybe_value_of<T>(std::move(out->attributes));
  }

  /// DeleteItem: deletes the item with key `k` (nothing happens when there is none).
  result<void> remove(const key& k, const write_options& opts = {}) const {
    auto in = make_delete(ref_, k, opts);
    if (!in) return std::unexpected(in.error());
    auto out = with_partition(opts.call, k.partition, [&](const call_options& c) { return client_->delete_item(*in, c); });
    if (!out) return std::unexpected(out.error());
    return {};
  }

  /// Query, read page by page as it is consumed: items, pages, collect(n), a cursor to
  /// resume (see reader). Nothing is sent before the first read; input errors come with it.
  /// With a projection, the key attributes are read too (the cursor is rebuilt from them).
  reader<T> query(query_request request, read_options options = {}) const {
    return reader<T>(detail::page_reader::query(*client_, ref_, std::move(request), std::move(options)));
  }

  /// Scan, read as it is consumed; one segment of a parallel scan when request.segment is set.
  reader<T> scan(scan_request request, read_options options = {}) const {
    return reader<T>(detail::page_reader::scan(*client_, ref_, std::move(request), std::move(options)));
  }

  /// A parallel Scan: `options.total_segments` segments, at most `options.concurrency`
  /// read at once, their pages handed to one consumer that pulls them (see
  /// parallel_reader). Nothing is sent before the first read.
  parallel_reader<T> scan_segments(scan_request request, parallel_scan_options options = {}) const {
    return parallel_reader<T>(detail::segment_pages::start(*client_, ref_, std::move(request), options));
  }

  /// A parallel Scan that calls `each(T&&)` for every item on the calling thread; `each`
  /// returns result<void> (an error stops the scan and is returned) or nothing. The reading
  /// runs ahead by at most options.buffered_pages pages. Returns the counts read.
  template <class Each>
  result<read_totals> scan_parallel(scan_request request, const parallel_scan_options& options, Each each) const {
    auto reader = scan_segments(std::move(request), options);
    for (;;) {
      auto p = reader.next_page();
      if (!p) return std::unexpected(std::move(p.error()));
      if (!*p) return reader.totals();
      for (auto& value : (*p)->items) {
        if constexpr (std::same_as<std::invoke_result_t<Each&, T&&>, void>) {
          each(std::move(value));
        } else {
          if (auto ok = each(std::move(value)); !ok) {
            reader.stop();
            return std::unexpected(std::move(ok.error()));
          }
        }
      }
    }
  }

  /// Query: one page, from `start` (a previous page's last_evaluated_key) or the first.
  result<page<T>> query_page(const query_request& request, std::optional<item> start = std::nullopt) const {
    auto in = make_query(ref_, request, std::move(start));
    if (!in) return std::unexpected(in.error());
    auto out = client_->query(*in, request.call);
    if (!out) return std::unexpected(out.error());
    return detail::page_of<T>(std::move(*out));
  }

  /// Scan: one page (of one segment, for a parallel scan).
  result<page<T>> scan_page(const scan_request& request, std::optional<item> start = std::nullopt) const {
    auto in = make_scan(ref_, request, std::move(start));
    if (!in) return std::unexpected(in.error());
    auto out = client_->scan(*in, request.call);
    if (!out) return std::unexpected(out.error());
    return detail::page_of<T>(std::move(*out));
  }

  /// Puts and deletes any number of items (see write_batch() for the rules, the budget and
  /// the report); the deletes come after the puts (which matters for last_write_wins).
  result<batch_write_report> write_all(std::span<const T> puts, std::span<const key> removes,
                                       const batch_write_options& opts = {}) const {
    auto batch = batch_of(puts, removes, opts, /*refer_to_puts=*/true);  // run() returns when it is over
    if (!batch) return std::unexpected(batch.error());
    return batch->run();
  }
  result<batch_write_report> put_all(std::span<const T> values, const batch_write_options& opts = {}) const {
    return write_all(values, {}, opts);
  }
  result<batch_write_report> remove_all(std::span<const key> keys, const batch_write_options& opts = {}) const {
    return write_all({}, keys, opts);
  }

  /// Reads any number of items by key (see get_batch()): an answer for every key, in order.
  result<batch_get_result<T>> get_all(std::span<const key> keys, const batch_get_options& opts = {}) const {
    auto got = get_batch(*client_, ref_.name, ref_.schema.keys, std::vector<key>(keys.begin(), keys.end()), opts);
    if (!got) return std::unexpected(got.error());
    return detail::typed_batch<T>(std::move(*got), keys);
  }

  template <class Token>
  auto async_write_all(std::span<const T> puts, std::span<const key> removes, const batch_write_options& opts,
                       Token&& token) const {
    // Checked and copied now: the spans need not outlive this call.
    return boost::asio::async_initiate<Token, void(result<batch_write_report>)>(
        [c = client_](auto handler, result<detail::batch_write_builder> batch) {
          if (!batch) return detail::fail_later<batch_write_report>(c->get_executor(), std::move(handler), batch.error());
          batch->start(std::move(handler));
        },
        token, batch_of(puts, removes, opts, /*refer_to_puts=*/false));
  }

  template <class Token>
  auto async_get_all(std::span<const key> keys, const batch_get_options& opts, Token&& token) const {
    return boost::asio::async_initiate<Token, void(result<batch_get_result<T>>)>(
        [c = client_, table = ref_.name, schema = ref_.schema.keys, opts](auto handler, std::vector<key> wanted) {
          auto convert = [wanted](batch_get_result<item> got) { return detail::typed_batch<T>(std::move(got), wanted); };
          async_get_batch(*c, table, schema, std::move(wanted), opts,
                          detail::converting<batch_get_result<item>, batch_get_result<T>>(std::move(handler),
                                                                                          c->get_executor(), convert));
        },
        token, std::vector<key>(keys.begin(), keys.end()));
  }

  // The async forms: the same requests, built before initiation (so a deferred token
  // holds the validated input), completing with the same results.

  template <class Token>
  auto async_get(const key& k, const get_options& opts, Token&& token) const {
    return initiate<get_item_output, std::optional<T>>(
        make_get(ref_, k, opts), keyed_call(opts.call, &k.partition), std::forward<Token>(token),
        [](client& c, auto in, call_options call, auto handler) { c.async_get_item(std::move(in), std::move(call), std::move(handler)); },
        [](get_item_output out) { return detail::maybe_value_of<T>(std::move(out.item)); });
  }

  template <class Token>
  auto async_put(const T& value, const write_options& opts, Token&& token) const {
    auto input = put_input(value, opts);
    auto keyed = keyed_call(opts.call, input ? partition_of(input->item) : nullptr);
    return initiate<put_item_output, void>(
        std::move(input), std::move(keyed), std::forward<Token>(token),
        [](client& c, auto in, call_options call, auto handler) { c.async_put_item(std::move(in), std::move(call), std::move(handler)); },
        [](put_item_output) { return result<void>{}; });
  }

  template <class Token>
  auto async_update(const key& k, const expr::update& change, const update_options& opts, Token&& token) const {
    return initiate<update_item_output, std::optional<T>>(
        make_update(ref_, k, change, opts), keyed_call(opts.call, &k.partition), std::forward<Token>(token),
        [](client& c, auto in, call_options call, auto handler) { c.async_update_item(std::move(in), std::move(call), std::move(handler)); },
        [](update_item_output out) { return detail::maybe_value_of<T>(std::move(out.attributes)); });
  }

  template <class Token>
  auto async_remove(const key& k, const write_options& opts, Token&& token) const {
    return initiate<delete_item_output, void>(
        make_delete(ref_, k, opts), keyed_call(opts.call, &k.partition), std::forward<Token>(token),
        [](client& c, auto in, call_options call, auto handler) { c.async_delete_item(std::move(in), std::move(call), std::move(handler)); },
        [](delete_item_output) { return result<void>{}; });
  }

  template <class Token>
  auto async_query_page(const query_request& request, std::optional<item> start, Token&& token) const {
    return initiate<query_output, page<T>>(
        make_query(ref_, request, std::move(start)), request.call, std::forward<Token>(token),
        [](client& c, auto in, call_options call, auto handler) { c.async_query(std::move(in), std::move(call), std::move(handler)); },
        [](query_output out) { return detail::page_of<T>(std::move(out)); });
  }

  template <class Token>
  auto async_scan_page(const scan_request& request, std::optional<item> start, Token&& token) const {
    return initiate<scan_output, page<T>>(
        make_scan(ref_, request, std::move(start)), request.call, std::forward<Token>(token),
        [](client& c, auto in, call_options call, auto handler) { c.async_scan(std::move(in), std::move(call), std::move(handler)); },
        [](scan_output out) { return detail::page_of<T>(std::move(out)); });
  }

 private:
  /// `send(call)`, with the call naming partition `p` for the client's observers (hot-key
  /// detection) when it has some; unobserved, the caller's options go as they are.
  template <class Send>
  auto with_partition(const call_options& call, const attribute_value* p, Send send) const {
    if (!client_->observed()) return send(call);
    return send(keyed_call(call, p));
  }
  template <class Send>
  auto with_partition(const call_options& call, const attribute_value& p, Send send) const {
    return with_partition(call, &p, std::move(send));
  }
  const attribute_value* partition_of(const item& i) const {
    auto it = i.find(ref_.schema.keys.partition);
    return it == i.end() ? nullptr : &it->second;
  }
  call_options keyed_call(const call_options& call, const attribute_value* p) const {
    call_options out = call;
    if (p != nullptr && client_->observed()) {
      out.partition_key = std::make_shared<const std::string>(detail::partition_key_text(*p));
    }
    return out;
  }

  /// Starts `send(client, input, call, handler)` with `input` when it was built, else
  /// completes with its error (never inside the initiation); `convert` maps the output.
  template <class Output, class Out, class Input, class Token, class Send, class Convert>
  auto initiate(result<Input> input, call_options call, Token&& token, Send send, Convert convert) const {
    return boost::asio::async_initiate<Token, void(result<Out>)>(
        [c = client_, send, convert](auto handler, result<Input> in, call_options options) {
          if (!in) return detail::fail_later<Out>(c->get_executor(), std::move(handler), std::move(in.error()));
          send(*c, std::move(*in), std::move(options),
               detail::converting<Output, Out>(std::move(handler), c->get_executor(), convert));
        },
        token, std::move(input), std::move(call));
  }
  static result<batch_write_report> refused_versioned_batch() {
    return std::unexpected(error::validation(std::string(std::string_view(T::version_attribute)),
                                             "a batch write cannot check versions: write versioned items one by one "
                                             "(versioned_table), or set batch_write_options::unchecked_versions"));
  }

  /// The batch write of `puts` then `removes`, checked. With refer_to_puts, puts given as
  /// `item`s are not copied: the caller keeps them until the batch is over.
  result<detail::batch_write_builder> batch_of(std::span<const T> puts, std::span<const key> removes,
                                               const batch_write_options& opts, [[maybe_unused]] bool refer_to_puts) const {
    if constexpr (declares_version<T>) {
      if (!puts.empty() && !opts.unchecked_versions) return std::unexpected(refused_versioned_batch().error());
    }
    detail::batch_write_builder batch(*client_, {{ref_.name, ref_.schema.keys}}, opts, puts.size() + removes.size());
    for (std::size_t i = 0; i < puts.size(); ++i) {
      if constexpr (std::same_as<T, item>) {
        auto ok = refer_to_puts ? batch.add(ref_.name, true, puts[i]) : batch.add(ref_.name, true, item(puts[i]));
        if (!ok) return std::unexpected(ok.error());
      } else {
        auto as_item = detail::item_of(puts[i]);
        if (!as_item) {
          return std::unexpected(error(as_item.error().code(), "Writes[" + std::to_string(i) + "]: " +
                                                                   std::string(as_item.error().message())));
        }
        if (auto ok = batch.add(ref_.name, true, std::move(*as_item)); !ok) return std::unexpected(ok.error());
      }
    }
    for (const auto& k : removes) {
      auto as_item = ref_.schema.keys.to_item(k);
      if (!as_item) return std::unexpected(as_item.error());
      if (auto ok = batch.add(ref_.name, false, std::move(*as_item)); !ok) return std::unexpected(ok.error());
    }
    return batch;
  }

  result<put_item_input> put_input(const T& value, const write_options& opts) const {
    auto as_item = detail::item_of(value);
    if (!as_item) return std::unexpected(as_item.error());
    return make_put(ref_, std::move(*as_item), opts);
  }

  ddbkit::client* client_;
  table_ref ref_;
};

}  // namespace ddbkit
