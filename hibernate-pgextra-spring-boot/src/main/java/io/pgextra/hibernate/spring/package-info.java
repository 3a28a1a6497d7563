/**
 * Spring Boot integration: auto-configuration that injects {@link io.pgextra.hibernate.PgExtraEntityManager} and
 * {@link io.pgextra.hibernate.signals.Signals}, the {@link io.pgextra.hibernate.spring.PgExtraRepository} fragment
 * for Spring Data JPA repositories, and {@link io.pgextra.hibernate.spring.SignalReceiver} bean methods.
 *
 * @since 0.1.0
 */
package io.pgextra.hibernate.spring;
