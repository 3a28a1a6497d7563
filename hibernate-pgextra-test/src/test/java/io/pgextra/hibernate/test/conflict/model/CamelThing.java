package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Camel-case names, meant for {@code hibernate.globally_quoted_identifiers=true}. */
@Entity
@Table(name = "CamelThing", uniqueConstraints = @UniqueConstraint(name = "UK_Camel_Name", columnNames = "firstName"))
public class CamelThing {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	public String firstName;

	public Integer hitCount;
}
