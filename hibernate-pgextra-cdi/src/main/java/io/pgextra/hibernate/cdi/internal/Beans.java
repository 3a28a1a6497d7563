package io.pgextra.hibernate.cdi.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * Resolution of the container's {@code @Default} JPA beans.
 * <p>
 * Why not simply the injected client proxy: Weld's client proxies return the proxy itself from any call whose
 * result is the contextual instance ({@code ProxyMethodHandler}: "to prevent the bean instance escaping"), so
 * {@code em.unwrap(SessionImplementor.class)} on a Weld proxy of a normal-scoped {@code EntityManager} returns the
 * proxy, which is no {@code SessionImplementor}. For a normal-scoped bean, the contextual instance of the current
 * context is therefore looked up on each call through {@link BeanManager#getContext} (portable CDI), which behaves
 * as the client proxy does (including {@code ContextNotActiveException} outside of the context) without hiding
 * the Hibernate session.
 */
public final class Beans {

	private Beans() {
	}

	/** @return the container's {@code @Default} entity manager, followed per call if it is normal-scoped */
	public static EntityManager entityManager(BeanManager beanManager, Instance<EntityManager> instance) {
		Bean<EntityManager> bean = resolve( beanManager, EntityManager.class );
		if ( !beanManager.isNormalScope( bean.getScope() ) ) {
			// @Dependent or @Singleton: the injected object is the instance itself, there is no proxy in between
			return instance.get();
		}
		InvocationHandler handler = new CurrentInstance<>( beanManager, bean );
		return (EntityManager) Proxy.newProxyInstance( Beans.class.getClassLoader(),
				new Class<?>[] { EntityManager.class }, handler );
	}

	/** @return the container's {@code @Default} entity manager factory's instance (not a client proxy) */
	public static EntityManagerFactory entityManagerFactory(BeanManager beanManager,
			Instance<EntityManagerFactory> instance) {
		Bean<EntityManagerFactory> bean = resolve( beanManager, EntityManagerFactory.class );
		if ( !beanManager.isNormalScope( bean.getScope() ) ) {
			return instance.get();
		}
		return new CurrentInstance<>( beanManager, bean ).get();
	}

	@SuppressWarnings("unchecked")
	private static <T> Bean<T> resolve(BeanManager beanManager, Class<T> type) {
		Set<Bean<?>> beans = beanManager.getBeans( type );
		if ( beans.isEmpty() ) {
			throw new IllegalStateException( "hibernate-pgextra-cdi: no @Default " + type.getName()
					+ " bean in this CDI container, so the @Default PgExtraEntityManager / Signals cannot be"
					+ " produced; produce a @Default " + type.getSimpleName() + " (e.g. @Produces @PersistenceContext"
					+ " on a field), or, for a qualified persistence unit, write your own producer with its qualifier"
					+ " (see the javadoc of io.pgextra.hibernate.cdi.PgExtraProducers)" );
		}
		try {
			return (Bean<T>) beanManager.resolve( beans );
		}
		catch (AmbiguousResolutionException e) {
			throw new IllegalStateException( "hibernate-pgextra-cdi: more than one @Default " + type.getName()
					+ " bean in this CDI container " + beans + ", so the @Default PgExtraEntityManager / Signals"
					+ " cannot be produced; give each persistence unit a qualifier and write a producer per qualifier"
					+ " (see the javadoc of io.pgextra.hibernate.cdi.PgExtraProducers)", e );
		}
	}

	/** Forwards each call to the bean's instance in its currently active context. */
	private static final class CurrentInstance<T> implements InvocationHandler {

		private final BeanManager beanManager;
		private final Bean<T> bean;

		CurrentInstance(BeanManager beanManager, Bean<T> bean) {
			this.beanManager = beanManager;
			this.bean = bean;
		}

		T get() {
			CreationalContext<T> creation = beanManager.createCreationalContext( bean );
			return beanManager.getContext( bean.getScope() ).get( bean, creation );
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			if ( method.getDeclaringClass() == Object.class ) {
				switch ( method.getName() ) {
					case "equals":
						return proxy == args[0];
					case "hashCode":
						return System.identityHashCode( proxy );
					default:
						return "hibernate-pgextra-cdi: the current " + bean;
				}
			}
			try {
				return method.invoke( get(), args );
			}
			catch (InvocationTargetException e) {
				throw e.getCause();
			}
		}
	}
}
