package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;

/** TABLE_PER_CLASS inheritance: each concrete class has its own table; the root is queried as a UNION. */
@Entity
@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
public abstract class R2Shape {
	@Id
	public Long id;
	public String color;

	protected R2Shape() {
	}

	protected R2Shape(Long id, String color) {
		this.id = id;
		this.color = color;
	}
}
