package io.pgextra.hibernate.test.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A counter per name, for expression updates: {@code hits = hits + EXCLUDED.hits}. */
@Entity
public class Counter {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public int hits;

	public Long revision;

	public String label;
}
