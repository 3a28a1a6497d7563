package io.pgextra.hibernate.demo;

import org.hibernate.annotations.ColumnDefault;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** The demo's entity: a plain JPA entity, no base class needed. */
@Entity
public class Beer {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	@Column(unique = true, nullable = false)
	public String name;

	public String brewery;

	/** A column default: an upsert that does not give {@code ratings} inserts 0. */
	@ColumnDefault("0")
	public int ratings;

	@Version
	public int version;

	@Override
	public String toString() {
		return "Beer[id=" + id + ", name=" + name + ", brewery=" + brewery + ", ratings=" + ratings + ", version=" + version + "]";
	}
}
