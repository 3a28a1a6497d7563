package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.annotations.SoftDelete;

/** A soft-deleted entity: an upsert cannot see its deleted flag. */
@Entity
@SoftDelete
public class SoftTag {
	@Id
	@GeneratedValue
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public String label;
}
