package io.pgextra.hibernate.test.model;

import java.time.Instant;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;

/** Unique together, a sequence id, version, timestamps, an enum, a converter and a renamed column. */
@Entity
@Table(name = "person", uniqueConstraints = @UniqueConstraint(name = "uk_person_name", columnNames = { "first_name", "last_name" }))
public class Person {
	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "person_seq")
	@SequenceGenerator(name = "person_seq", sequenceName = "person_seq", allocationSize = 50)
	public Long id;

	public String firstName;

	public String lastName;

	@Column(name = "nick_name")
	public String nick;

	@Enumerated(EnumType.STRING)
	public Mood mood;

	@Convert(converter = Email.EmailConverter.class)
	public Email email;

	@Column(columnDefinition = "integer default 7")
	public Integer score;

	@Version
	public int version;

	@CreationTimestamp
	public Instant createdAt;

	@UpdateTimestamp
	public Instant updatedAt;

	public Person() {
	}

	public Person(String firstName, String lastName) {
		this.firstName = firstName;
		this.lastName = lastName;
	}
}
