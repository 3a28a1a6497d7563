package io.pgextra.hibernate;

import org.hibernate.HibernateException;

/**
 * Two rows of one bulk {@code ON CONFLICT DO UPDATE} call propose the same conflict key. PostgreSQL refuses to
 * update a row twice in one statement ({@code ON CONFLICT DO UPDATE command cannot affect row a second time});
 * the message names the key and both row indexes. Nothing was written by the call.
 *
 * @since 0.1.0
 */
public class DuplicateConflictKeyException extends HibernateException {

	/**
	 * @param message names the duplicated key and the row indexes
	 * @param cause the database error, if the database found the duplicate
	 */
	public DuplicateConflictKeyException(String message, Throwable cause) {
		super( message, cause );
	}
}
