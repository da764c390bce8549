package dev.netpolauditor.service;

import dev.netpolauditor.store.SnapshotQueries;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a longer list as the services hand it to the edges: {@code total} counts every
 * item the filters match. The API serializes it as it is (items, total, limit, offset).
 */
public record Page<T>(List<T> items, long total, int limit, int offset) {
    public Page {
        items = List.copyOf(items);
    }

    /** The same page with every item mapped. */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), total, limit, offset);
    }

    /** A page the store answered, with its items mapped to the service's records. */
    static <S, T> Page<T> of(SnapshotQueries.Page<S> page, Function<? super S, ? extends T> mapper) {
        return new Page<>(page.items().stream().<T>map(mapper).toList(), page.total(), page.limit(), page.offset());
    }
}
