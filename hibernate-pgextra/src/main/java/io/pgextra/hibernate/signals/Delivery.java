package io.pgextra.hibernate.signals;

/**
 * When a receiver is called.
 *
 * @since 0.1.0
 */
public enum Delivery {

	/**
	 * Inside the transaction, on the thread that writes, in statement order: right after the insert or update
	 * (right before the delete) is executed. An exception thrown by the receiver propagates to the caller of the
	 * operation that wrote (often {@code flush} or {@code commit}) and the transaction is marked for rollback:
	 * an immediate receiver can veto a change.
	 * <p>
	 * Like a Hibernate event listener, an immediate receiver runs in the middle of a flush: it may read with
	 * another {@code EntityManager}, but must not change the persistence context it is told about.
	 */
	IMMEDIATE,

	/**
	 * After the transaction committed, once per signal, in the order the signals were sent; never when it rolls
	 * back. An exception thrown by the receiver is logged (the transaction has committed) and the remaining
	 * receivers are still called. Outside a transaction (an auto-commit write) the receiver is called at once.
	 * A receiver that is disconnected before the commit is not called.
	 */
	AFTER_COMMIT
}
