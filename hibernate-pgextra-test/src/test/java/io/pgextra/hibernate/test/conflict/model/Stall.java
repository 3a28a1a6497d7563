package io.pgextra.hibernate.test.conflict.model;

import java.time.Instant;

import org.hibernate.annotations.CreationTimestamp;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * Hibernate orders attributes by name: aCreated (0, generated), location (1), name (2); inside Geo: lat (0), lon (1).
 * An embeddable attribute's state position must not be used to look up an entity-level generator.
 */
@Entity
public class Stall {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@CreationTimestamp
	public Instant aCreated;

	@Embedded
	public Geo location;

	@Column(unique = true)
	public String name;
}
