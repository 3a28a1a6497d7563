package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** A jsonb column (mapped as text) used in the predicate of a partial unique index. */
@Entity
public class Tagged {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	public String sku;

	@Column(columnDefinition = "jsonb")
	public String attrs;
}
