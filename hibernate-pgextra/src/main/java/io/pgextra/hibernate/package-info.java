/**
 * hibernate-pgextra's API: PostgreSQL's {@code INSERT ... ON CONFLICT} for Hibernate ORM.
 * <p>
 * Start with {@link io.pgextra.hibernate.PgExtraEntityManager#of(jakarta.persistence.EntityManager)}; the steps
 * ({@link io.pgextra.hibernate.OnConflictStep}, {@link io.pgextra.hibernate.DoUpdateStep},
 * {@link io.pgextra.hibernate.InsertStep}) offer only what is legal next. Types in {@code ..internal} packages are
 * not API: they may change in any release.
 *
 * @since 0.1.0
 */
package io.pgextra.hibernate;
