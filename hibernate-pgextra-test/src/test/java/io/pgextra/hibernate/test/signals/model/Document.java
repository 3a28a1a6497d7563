package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;

/**
 * {@code TABLE_PER_CLASS} inheritance: no table of its own, queried as a {@code UNION} of {@code invoice},
 * {@code memo} and {@code urgent_memo}; {@link Memo} is concrete and has a subclass.
 */
@Entity
@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
public abstract class Document {
	@Id
	public Long id;

	public String title;

	protected Document() {
	}

	protected Document(Long id, String title) {
		this.id = id;
		this.title = title;
	}
}
