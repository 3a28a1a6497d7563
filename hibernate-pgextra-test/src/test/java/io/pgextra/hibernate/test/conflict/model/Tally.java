package io.pgextra.hibernate.test.conflict.model;

import java.math.BigDecimal;

import io.pgextra.hibernate.test.model.Mood;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** A row per name with values of several types, for conversion, all-or-nothing and concurrency tests. */
@Entity
public class Tally {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public int hits;

	public Long total;

	@Enumerated(EnumType.STRING)
	public Mood mood;

	public String label;

	@Column(precision = 10, scale = 2)
	public BigDecimal amount;

	@Version
	public long version;
}
