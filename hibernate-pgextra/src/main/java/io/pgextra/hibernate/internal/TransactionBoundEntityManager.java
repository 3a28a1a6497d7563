package io.pgextra.hibernate.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TransactionRequiredException;

/**
 * The entity manager that {@code onConflict} hands to the statement: the caller's, except that looking up its
 * session outside a transaction throws {@link TransactionRequiredException}, as {@code executeUpdate()} does.
 * <p>
 * Why: a shared, transaction-bound proxy (Spring's {@code SharedEntityManagerCreator}, or any container's) has no
 * session outside a transaction, and its {@code unwrap} throws {@link IllegalStateException} ("No transactional
 * EntityManager available") before the statement can check for a transaction itself. A closed entity manager keeps
 * its own exception: only an open one that cannot give a session is missing a transaction.
 */
final class TransactionBoundEntityManager implements InvocationHandler {

	private final EntityManager delegate;
	private final String statement;

	private TransactionBoundEntityManager(EntityManager delegate, String statement) {
		this.delegate = delegate;
		this.statement = statement;
	}

	/**
	 * @param delegate the caller's entity manager
	 * @param statement what needs the transaction, for the message, e.g. {@code INSERT ... ON CONFLICT into entity 'Item'}
	 */
	static EntityManager of(EntityManager delegate, String statement) {
		return (EntityManager) Proxy.newProxyInstance( EntityManager.class.getClassLoader(),
				new Class<?>[] { EntityManager.class }, new TransactionBoundEntityManager( delegate, statement ) );
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		switch ( method.getName() ) {
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode( proxy );
			case "toString":
				return delegate.toString();
			case "unwrap":
				return unwrap( (Class<?>) args[0] );
			default:
				try {
					return method.invoke( delegate, args );
				}
				catch (InvocationTargetException e) {
					throw e.getCause();
				}
		}
	}

	private Object unwrap(Class<?> type) {
		try {
			return delegate.unwrap( type );
		}
		catch (IllegalStateException e) {
			if ( !delegate.isOpen() ) {
				throw e;
			}
			TransactionRequiredException required = new TransactionRequiredException( statement
					+ " needs an active transaction, as executeUpdate() does, and the transaction-bound entity manager"
					+ " has none on this thread (" + e.getMessage() + "); begin one first, e.g. with @Transactional" );
			required.initCause( e );
			throw required;
		}
	}
}
