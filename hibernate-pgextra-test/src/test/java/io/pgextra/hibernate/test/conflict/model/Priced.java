package io.pgextra.hibernate.test.conflict.model;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A conflict key PostgreSQL rounds (numeric(10,2)): keys distinct in Java may be one key in the table. */
@Entity
public class Priced {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false, precision = 10, scale = 2)
	public BigDecimal price;

	public String label;
}
