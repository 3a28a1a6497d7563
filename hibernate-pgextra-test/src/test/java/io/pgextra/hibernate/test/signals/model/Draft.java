package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.SoftDelete;

/** Soft-deleted: Hibernate turns a bulk {@code delete} into an {@code update} of its {@code deleted} column. */
@Entity
@SoftDelete
public class Draft {
	@Id
	public Long id;

	public String title;

	public Draft() {
	}

	public Draft(Long id, String title) {
		this.id = id;
		this.title = title;
	}
}
