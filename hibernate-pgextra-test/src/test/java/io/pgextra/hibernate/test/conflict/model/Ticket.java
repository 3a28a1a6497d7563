package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/** Ids from a sequence Hibernate asks once per id ({@code allocationSize = 1}), as legacy schemas often have. */
@Entity
public class Ticket {
	@Id
	@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_ids")
	@SequenceGenerator(name = "ticket_ids", sequenceName = "ticket_id_seq", allocationSize = 1)
	public Long id;

	@Column(unique = true, nullable = false)
	public String code;

	public int seats;
}
