/**
 * Jakarta CDI 4 integration: {@link io.pgextra.hibernate.cdi.PgExtraProducers} makes
 * {@link io.pgextra.hibernate.PgExtraEntityManager} and {@link io.pgextra.hibernate.signals.Signals} injectable in
 * any CDI container (Jakarta EE, Quarkus, Weld), bound to the container's own {@code EntityManager} and
 * {@code EntityManagerFactory}. The jar's {@code META-INF/beans.xml} makes the container discover it.
 *
 * @since 0.2.0
 */
package io.pgextra.hibernate.cdi;
