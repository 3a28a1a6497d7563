package io.pgextra.hibernate.test.partition.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code coded}, partitioned by tenant, unique on {@code (tenant, code)} with {@code NULLS NOT DISTINCT}. */
@Entity
@Table(name = "coded")
public class Coded {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	public String tenant;

	public String code;

	public int hits;
}
