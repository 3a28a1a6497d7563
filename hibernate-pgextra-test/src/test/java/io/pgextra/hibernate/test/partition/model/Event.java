package io.pgextra.hibernate.test.partition.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code events}, LIST-partitioned by {@code tenant} (see {@code PartitionedTables}): the table's primary
 * key is {@code (tenant, id)}, as PostgreSQL wants the partition key in every unique index, but the {@code @Id}
 * is {@code id} alone (a {@code bigserial}, unique by construction).
 */
@Entity
@Table(name = "events")
public class Event {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	public String tenant;

	public String name;

	public int hits;

	public Event() {
	}

	public Event(String tenant, String name, int hits) {
		this.tenant = tenant;
		this.name = name;
		this.hits = hits;
	}
}
