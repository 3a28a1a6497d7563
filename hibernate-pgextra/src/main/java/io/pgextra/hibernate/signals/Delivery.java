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
	AFTER_COMMIT,

	/**
	 * After the transaction committed, on <em>every</em> application instance whose factory has a receiver
	 * connected with this delivery, this one included: the signals travel through PostgreSQL
	 * {@code LISTEN/NOTIFY}, so several instances of an application against one database hear about each other's
	 * rows (cache invalidation, pushing to browsers). Never when the transaction rolls back; in commit order.
	 * <p>
	 * The writing transaction sends its signals with {@code pg_notify} on its own connection, batched, several
	 * rows per notification, on the factory's channel ({@link SignalSettings#CHANNEL}). A writer cannot see the
	 * receivers of other instances: it sends for the entities that have an {@code ALL_INSTANCES} receiver on its own
	 * instance (all instances run the same code), and for those named by {@link SignalSettings#NOTIFY_ENTITIES}.
	 * <p>
	 * The receiver is called on a thread of the factory's receiver pool, never on the writing thread, with
	 * {@link SignalEvent#entity()} {@code null} (the row may come from another instance). Each receiver gets its
	 * signals one at a time, in the order they were committed; a slow receiver delays only itself, and an exception
	 * is logged. The factory holds one listening connection while such receivers are connected; when it is lost,
	 * the factory reconnects and then calls its {@linkplain Signals#addMissedSignalsListener missed-signals
	 * listeners}, as signals committed in between were not received.
	 *
	 * @since 0.2
	 */
	ALL_INSTANCES
}
