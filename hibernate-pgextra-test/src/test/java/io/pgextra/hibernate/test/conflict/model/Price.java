package io.pgextra.hibernate.test.conflict.model;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** A {@code numeric(10,2)} natural key. */
@Entity
public class Price {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true, precision = 10, scale = 2)
	public BigDecimal amount;

	public String label;

	@Column(updatable = false)
	public String createdBy;
}
