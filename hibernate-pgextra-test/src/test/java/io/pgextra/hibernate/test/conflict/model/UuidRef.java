package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A String attribute on a uuid column: PostgreSQL compares the values as uuids, Java as strings. */
@Entity
public class UuidRef {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false, columnDefinition = "uuid")
	public String ref;

	public String label;
}
