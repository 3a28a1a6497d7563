package io.pgextra.hibernate.test.signals.model;

/** Not an entity: receivers may connect for any supertype. */
public interface Named {
	String name();
}
