package io.pgextra.hibernate.spring.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Receiver;
import io.pgextra.hibernate.signals.SignalEvent;

import org.jboss.logging.Logger;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ReflectionUtils;

/**
 * A {@code @SignalReceiver} bean method as a {@link Receiver}.
 * <p>
 * After commit, the core calls it from Hibernate's transaction-completion callback, which runs inside
 * {@code JpaTransactionManager}'s commit: Spring's transaction is committed but its resources are still bound to
 * the thread, and a repository call made there would join the finished transaction and be lost. So the method is
 * deferred to Spring's {@code afterCompletion} when a Spring transaction synchronization is active, and always
 * runs in a new transaction ({@code REQUIRES_NEW}, the finished one suspended), which commits what it writes.
 */
final class MethodReceiver implements Receiver<Object> {

	private static final Logger LOG = Logger.getLogger( MethodReceiver.class );

	private final Object bean;
	private final Method method;
	private final boolean takesEvent;
	private final Delivery delivery;
	private final TransactionTemplate newTransaction;

	MethodReceiver(Object bean, Method method, boolean takesEvent, Delivery delivery,
			TransactionTemplate newTransaction) {
		this.bean = bean;
		this.method = method;
		// as Spring does for @EventListener methods: package-private and non-public classes are fine
		ReflectionUtils.makeAccessible( method );
		this.takesEvent = takesEvent;
		this.delivery = delivery;
		this.newTransaction = newTransaction;
	}

	@Override
	public void receive(SignalEvent<Object> event) {
		if ( delivery == Delivery.IMMEDIATE ) {
			invoke( event );
			return;
		}
		if ( TransactionSynchronizationManager.isSynchronizationActive() ) {
			TransactionSynchronizationManager.registerSynchronization( new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					// the core only calls after a successful commit; Spring agrees unless it failed after it
					if ( status == STATUS_COMMITTED ) {
						runAfterCommit( event );
					}
				}
			} );
		}
		else {
			runAfterCommit( event );
		}
	}

	private void runAfterCommit(SignalEvent<Object> event) {
		try {
			newTransaction.executeWithoutResult( status -> invoke( event ) );
		}
		catch (RuntimeException | Error e) {
			// the caller's transaction has committed: there is nothing to undo and no caller to tell; the
			// receiver's own transaction is rolled back
			LOG.errorf( e, "After-commit @SignalReceiver %s failed for the %s signal of %s with id %s; its own"
					+ " transaction was rolled back, the committed transaction that sent the signal stands",
					this, event.signal(), event.entityClass().getName(), event.id() );
			if ( e instanceof Error error ) {
				throw error;
			}
		}
	}

	private void invoke(SignalEvent<Object> event) {
		try {
			method.invoke( bean, takesEvent ? event : event.entity() );
		}
		catch (InvocationTargetException e) {
			Throwable cause = e.getCause();
			if ( cause instanceof RuntimeException runtime ) {
				throw runtime;
			}
			if ( cause instanceof Error error ) {
				throw error;
			}
			throw new UndeclaredThrowableException( cause );
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException( "Cannot call @SignalReceiver " + this + ": " + e.getMessage()
					+ "; make the method accessible", e );
		}
	}

	@Override
	public String toString() {
		return method.getDeclaringClass().getName() + "." + method.getName() + "(" + delivery + ")";
	}
}
