package io.pgextra.hibernate;

import org.hibernate.HibernateException;

/**
 * A conflict target that matches no unique index or constraint of the table (PostgreSQL {@code 42P10}), or that
 * cannot be used as one. The message names the target and lists the table's unique constraints and indexes.
 *
 * @since 0.1.0
 */
public class ConflictTargetException extends HibernateException {

	/**
	 * @param message what was wrong and what would be right
	 * @param cause the database error, if any
	 */
	public ConflictTargetException(String message, Throwable cause) {
		super( message, cause );
	}
}
