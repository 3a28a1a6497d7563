package io.pgextra.hibernate.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;

/**
 * Connects a bean method as a {@linkplain io.pgextra.hibernate.signals.Receiver signal receiver} when the
 * application context starts, and disconnects it when the context stops:
 * <pre>{@code
 * @Component
 * class Audit {
 *     @SignalReceiver(entity = Item.class, signal = {Signal.CREATE, Signal.UPDATE}, delivery = Delivery.AFTER_COMMIT)
 *     void itemSaved(SignalEvent<Item> event) { ... }
 * }
 * }</pre>
 * The method takes one parameter: the {@link io.pgextra.hibernate.signals.SignalEvent}, or the entity itself
 * ({@code null} when the signal's row is not loaded, e.g. after a bulk statement). It is connected on the entity
 * manager factory that maps {@link #entity()}; entities no method names are not listened to at all.
 * <p>
 * {@link Delivery#AFTER_COMMIT}: the method is called once Spring's transaction has completed (in its
 * {@code afterCompletion}, or right after Hibernate's commit when no Spring transaction synchronization is active),
 * and in a transaction of its own ({@code REQUIRES_NEW}, with the entity manager factory's transaction manager):
 * what it writes through a repository or the shared {@code EntityManager} is committed when it returns, or rolled
 * back and logged if it throws. {@link Delivery#IMMEDIATE}: called inside the writing transaction, as the row is
 * written; an exception rolls that transaction back.
 *
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SignalReceiver {

	/** @return the entity (or a superclass of entities) whose rows are signalled */
	Class<?> entity();

	/** @return the signals to receive; all three by default */
	Signal[] signal() default { Signal.CREATE, Signal.UPDATE, Signal.DELETE };

	/** @return when to call the method; immediately by default */
	Delivery delivery() default Delivery.IMMEDIATE;
}
