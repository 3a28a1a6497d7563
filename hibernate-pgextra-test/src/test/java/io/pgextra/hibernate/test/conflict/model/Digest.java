package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A row per binary digest (a bytea conflict key). */
@Entity
public class Digest {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false)
	public byte[] sha;

	public int hits;
}
