package io.pgextra.hibernate.signals;

/**
 * One row signal: the seed's {@code sender} and {@code pk}, plus the entity instance where the persistence context
 * holds one.
 *
 * @param signal what happened to the row
 * @param entityClass the class of the row's entity (the seed's {@code sender}); a subclass of the class the
 * receiver was connected for when the row belongs to one
 * @param id the primary key of the row: the identifier value as Hibernate maps it ({@code Long}, {@code UUID}, an
 * {@code @EmbeddedId} instance, ...)
 * @param entity the entity instance of the row in the persistence context that wrote it, or {@code null} when it
 * holds none (e.g. a row written by a bulk statement or a plain {@code insert} that was never loaded). After a bulk
 * {@code update} it holds the state from before the statement: Hibernate does not refresh managed instances.
 * @param <T> the entity class the receiver was connected for
 * @since 0.1.0
 */
public record SignalEvent<T>(Signal signal, Class<? extends T> entityClass, Object id, T entity) {
}
