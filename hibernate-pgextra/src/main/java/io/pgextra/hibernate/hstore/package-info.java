/**
 * hstore constraints, declared on a {@code Map<String, String>} attribute mapped to an {@code hstore} column:
 * {@link io.pgextra.hibernate.hstore.HStoreUnique} (unique keys and key groups, as unique expression indexes) and
 * {@link io.pgextra.hibernate.hstore.HStoreRequired} (keys every row must have, as {@code CHECK} constraints),
 * created, updated and validated by Hibernate's schema tooling; and
 * {@link io.pgextra.hibernate.hstore.MutableHStoreType}, an hstore type whose in-place edits are saved.
 *
 * @since 0.1.0
 */
package io.pgextra.hibernate.hstore;
