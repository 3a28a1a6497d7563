package io.pgextra.hibernate.cdi;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.cdi.internal.Beans;
import io.pgextra.hibernate.signals.Signals;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * Portable CDI producers of the {@code @Default} {@link PgExtraEntityManager} and {@link Signals}, so that
 * <pre>{@code
 * @Inject PgExtraEntityManager pg;
 * @Inject Signals signals;
 * }</pre>
 * works in any CDI 4 container whose application (or platform, e.g. Quarkus or a Jakarta EE 11 server) provides
 * a {@code @Default EntityManager} and {@code EntityManagerFactory} bean.
 * <p>
 * The {@code PgExtraEntityManager} is bound to the container's {@code EntityManager} bean: when that bean is
 * normal-scoped (request or transaction scoped), every call goes to the entity manager of the current context, as
 * through the container's client proxy; a {@code @Dependent} or {@code @Singleton} one (e.g. Quarkus's
 * transaction-scoped session, or a {@code @PersistenceContext} producer field) is wrapped as injected. It is {@code @Typed(PgExtraEntityManager.class)}: although the interface extends
 * {@code EntityManager}, the produced bean has that one type, so {@code @Inject EntityManager} stays unambiguous.
 * It is {@code @Dependent}, so it never outlives the entity manager it wraps (a {@code @Dependent} one included).
 * <p>
 * The container's beans are looked up when a {@code PgExtraEntityManager} or {@code Signals} is first injected, not
 * at deployment: an application without a {@code @Default} persistence unit still deploys, and only injecting these
 * two fails, with a message that says what to write instead.
 * <p>
 * <b>Several persistence units.</b> These producers serve the {@code @Default} one. For a qualified unit, write a
 * producer of your own with its qualifier, typed the same way:
 * <pre>{@code
 * @ApplicationScoped
 * public class OrdersProducers {
 *     @Produces @Orders @Typed(PgExtraEntityManager.class)
 *     PgExtraEntityManager pg(@Orders EntityManager em) {
 *         return PgExtraEntityManager.of(em);
 *     }
 *
 *     @Produces @Orders @ApplicationScoped
 *     Signals signals(@Orders EntityManagerFactory factory) {
 *         return Signals.of(factory);
 *     }
 * }
 * }</pre>
 * (With Quarkus, the qualifier of a named unit is {@code @PersistenceUnit("orders")}.)
 *
 * @since 0.2.0
 */
@ApplicationScoped
public class PgExtraProducers {

	/** Created by the container. */
	public PgExtraProducers() {
	}

	/**
	 * @param beanManager the container's bean manager
	 * @param entityManagers the container's {@code @Default} entity manager, resolved here and not at deployment
	 * @return the container's entity manager with hibernate-pgextra's operations
	 */
	@Produces
	@Dependent
	@Typed(PgExtraEntityManager.class)
	public PgExtraEntityManager pgExtraEntityManager(BeanManager beanManager,
			Instance<EntityManager> entityManagers) {
		return PgExtraEntityManager.of( Beans.entityManager( beanManager, entityManagers ) );
	}

	/**
	 * @param beanManager the container's bean manager
	 * @param factories the container's {@code @Default} entity manager factory, resolved here and not at
	 * deployment
	 * @return the signals of that factory (one per factory: {@link Signals#of(EntityManagerFactory)})
	 */
	@Produces
	@ApplicationScoped
	public Signals signals(BeanManager beanManager, Instance<EntityManagerFactory> factories) {
		return Signals.of( Beans.entityManagerFactory( beanManager, factories ) );
	}
}
