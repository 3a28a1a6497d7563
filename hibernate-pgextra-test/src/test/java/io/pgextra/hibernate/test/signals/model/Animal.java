package io.pgextra.hibernate.test.signals.model;

import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;

/** {@code SINGLE_TABLE} inheritance: {@link Dog} and {@link Cat} rows share the table, told apart by a column. */
@Entity
@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
@DiscriminatorColumn(name = "kind")
public class Animal implements Named {
	@Id
	@GeneratedValue
	public Long id;

	public String name;

	public int age;

	public Animal() {
	}

	public Animal(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return name;
	}
}
